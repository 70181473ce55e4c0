import { HttpError, ValidationError } from './errors';

/** co-body's refusal of a body that is JSON but not an object or array (its strict mode). */
const NOT_A_CONTAINER = 'invalid JSON, only supports object and array';
/** @hapi/bourne's refusal of a `__proto__` key. */
const PROTO_KEY = 'Object contains forbidden prototype property';

/**
 * The problem for a body the parser refused (`message`, about `text`): a syntax error says where the
 * parser stopped, at line and column, from the offset in its message ("… in JSON at position 13"), or
 * the end for "Unexpected end of JSON input". V8 gives no offset for an unexpected character
 * ("Unexpected token '}', "{"a":nul}" is not valid JSON"): its excerpt around it is where.
 */
export function bodySyntaxProblem(message: string, text: string): HttpError {
  if (message === NOT_A_CONTAINER) return new ValidationError([{ field: '(body)', message: 'must be a JSON object' }]);
  if (message === PROTO_KEY)
    return new ValidationError([{ field: '(body)', message: 'must not have a "__proto__" key' }]);
  const position = /\bat position (\d+)/.exec(message);
  const offset = position
    ? Number(position[1])
    : message.startsWith('Unexpected end of JSON input')
      ? text.length
      : undefined;
  const reason = message.replace(/ in JSON at position \d+.*$/, '');
  const said = `is not valid JSON: ${offset === undefined ? reason : `${reason} at ${lineAndColumn(text, offset)}`}`;
  return new HttpError('malformed-json', `the body ${said}`, { errors: [{ field: '(body)', message: said }] });
}

/** `line 3, column 7` (both from 1) of the character at `offset`. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')} (position ${offset})`;
}
