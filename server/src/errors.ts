/**
 * Base class of the errors the server raises on purpose. `code` is a stable lowerCamel name
 * that callers and tests match on, so the message can change without breaking them.
 */
export class ServerError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Checks whether `error` is a `ServerError` with the given code. */
export function hasErrorCode<Code extends string>(
  error: unknown,
  code: Code,
): error is ServerError<Code> {
  return error instanceof ServerError && error.code === code;
}
