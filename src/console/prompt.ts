/**
 * A one-line question in the footer (a filter, a search, a level, a file
 * name): printable keys type, Backspace deletes, ^U clears, Enter answers,
 * Esc cancels. The typed text is checked by whoever asked.
 */
export interface PromptSpec {
  label: string;
  initial?: string;
  submit(text: string): void;
}

export class Prompt {
  text: string;

  constructor(readonly spec: PromptSpec) {
    this.text = spec.initial ?? '';
  }

  /** Handles one key; returns whether the prompt is finished (answered or cancelled). */
  key(name: string): boolean {
    if (name === 'enter') {
      this.spec.submit(this.text);
      return true;
    }
    if (name === 'escape' || name === 'C-c') return true;
    if (name === 'backspace') this.text = [...this.text].slice(0, -1).join('');
    else if (name === 'C-u') this.text = '';
    else if (name === 'space') this.text += ' ';
    else if ([...name].length === 1) this.text += name;
    return false;
  }
}
