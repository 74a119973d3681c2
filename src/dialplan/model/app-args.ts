/**
 * Splits application data into arguments the way Asterisk's
 * `ast_app_separate_args` does (main/app.c), so we can tell what an
 * application did with its data: commas outside (), [] and "" separate;
 * with `removeChars` (AST_STANDARD_APP_ARGS) quotes are dropped and a
 * backslash makes the next character literal; once `max - 1` arguments are
 * taken, the rest of the text is the last argument, untouched.
 */
export function separateArgs(data: string, max: number, removeChars = true, delim = ','): string[] {
  const args: string[] = [];
  let i = 0;
  let paren = 0;
  let bracket = 0;
  let quote = false;
  let endedOnDelim = false;
  while (i < data.length && args.length < max - 1) {
    let current = '';
    endedOnDelim = false;
    for (; i < data.length; i++) {
      const c = data[i]!;
      if (c === '(') paren++;
      else if (c === ')') {
        if (paren) paren--;
      } else if (c === '[') bracket++;
      else if (c === ']') {
        if (bracket) bracket--;
      } else if (c === '"' && delim !== '"') {
        quote = !quote;
        if (removeChars) continue;
      } else if (c === '\\') {
        if (removeChars) {
          // The backslash goes; the character after it is kept as it is.
          i++;
          if (i < data.length) current += data[i];
          continue;
        }
        current += c;
        i++;
        if (i < data.length) current += data[i];
        continue;
      } else if (c === delim && !paren && !quote && !bracket) {
        i++;
        endedOnDelim = true;
        break;
      }
      current += c;
    }
    args.push(current);
  }
  if (i < data.length || endedOnDelim) args.push(data.slice(i));
  return args;
}

/**
 * What `Verbose(level,message)` printed for a given AppData: the message
 * part exactly as app_verbose hands it to the logger, and the verbose level.
 */
export function verboseOutput(appData: string): { level: number; message: string } {
  const [first = '', second] = separateArgs(appData, 2, true);
  if (second === undefined) return { level: 0, message: first };
  const level = /^\s*[0-9]+/.test(first) ? Math.min(4, parseInt(first, 10)) : 0;
  return { level, message: second };
}
