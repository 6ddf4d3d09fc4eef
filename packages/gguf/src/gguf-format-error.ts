/** Stable codes of {@link GgufFormatError}. */
export type GgufFormatErrorCode =
  'not_gguf' | 'gguf_truncated' | 'gguf_unsupported_version' | 'gguf_corrupt' | 'gguf_invalid_spec';

/**
 * A file is not a usable GGUF file, or a write spec is invalid. The gguf package imports no other package, so
 * callers map this to their own error type (e.g. a `ValidationError` with the same `code`).
 */
export class GgufFormatError extends Error {
  override readonly name = 'GgufFormatError';
  readonly code: GgufFormatErrorCode;
  /** The file concerned, when there is one. */
  readonly path: string | undefined;

  constructor(code: GgufFormatErrorCode, message: string, path?: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
