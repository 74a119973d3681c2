import { object, type ConfigItem } from '../dialplan/config/printer.js';

/** One priority of a generated extension. */
export interface Step {
  label?: string;
  app: string;
  data: string;
  /** Why the step is there; becomes a comment on the line. */
  why?: string;
}

/** An extension's steps as `exten => EXTEN,1,...` followed by `same => n,...` lines. */
export function extensionItems(extension: string, steps: readonly Step[]): ConfigItem[] {
  return steps.map((step, index) => {
    const label = step.label ? `(${step.label})` : '';
    const priority = `${index === 0 ? '1' : 'n'}${label}`;
    const value = `${index === 0 ? `${extension},` : ''}${priority},${step.app}(${step.data})`;
    return object(index === 0 ? 'exten' : ' same', value, step.why);
  });
}
