import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '@hangar/core';
import { classifyUpstreamError, errorCodeOfBody, toOpenAIError } from './openai-errors.js';

function networkError(code: string): Error {
  return Object.assign(new Error(`boom ${code}`), { code });
}

describe('classifyUpstreamError', () => {
  it.each([
    ['ECONNREFUSED', 'upstream_unavailable', 502, true],
    ['ECONNRESET', 'upstream_unavailable', 502, true],
    ['UND_ERR_SOCKET', 'upstream_unavailable', 502, true],
    ['UND_ERR_CONNECT_TIMEOUT', 'upstream_unavailable', 502, true],
    ['UND_ERR_HEADERS_TIMEOUT', 'upstream_timeout', 504, false],
    ['UND_ERR_BODY_TIMEOUT', 'upstream_timeout', 504, false],
    ['EWHATEVER', 'upstream_error', 502, false],
  ])('%s -> %s', (code, expectedCode, status, isRetryable) => {
    const error = classifyUpstreamError(networkError(code), 'http://127.0.0.1:9');
    expect({ code: error.code, status: error.status, isRetryable: error.isRetryable }).toEqual({
      code: expectedCode,
      status,
      isRetryable,
    });
    expect(error.message).toContain('http://127.0.0.1:9');
  });

  it('looks into the cause chain', () => {
    const error = new Error('fetch failed', { cause: networkError('ECONNREFUSED') });
    expect(classifyUpstreamError(error, 'http://x').isRetryable).toBe(true);
  });

  it('handles thrown non-errors', () => {
    expect(classifyUpstreamError('nope', 'http://x').code).toBe('upstream_error');
  });
});

describe('toOpenAIError', () => {
  it('maps a HangarError with its param', () => {
    const error = new ValidationError('Body needs a string "model".', { param: 'model' });
    expect(toOpenAIError(error)).toEqual({
      status: 400,
      body: {
        error: {
          message: 'Body needs a string "model".',
          type: 'invalid_request_error',
          param: 'model',
          code: 'invalid_request',
        },
      },
    });
  });

  it('maps not found', () => {
    expect(toOpenAIError(new NotFoundError('gone', 'model_not_found')).body.error.type).toBe(
      'not_found_error',
    );
  });

  it('hides unexpected errors', () => {
    expect(toOpenAIError(new Error('secret detail'))).toEqual({
      status: 500,
      body: {
        error: {
          message: 'Internal error in the gateway.',
          type: 'server_error',
          param: null,
          code: 'internal_error',
        },
      },
    });
  });
});

describe('errorCodeOfBody', () => {
  it.each([
    [
      '{"error":{"message":"m","type":"invalid_request_error","code":"context_length_exceeded"}}',
      'context_length_exceeded',
    ],
    ['{"error":{"message":"m","type":"server_error","code":null}}', 'server_error'],
    ['not json', 'upstream_http_500'],
    ['{"detail":"x"}', 'upstream_http_500'],
  ])('%s', (body, expected) => {
    expect(errorCodeOfBody(Buffer.from(body), 500)).toBe(expected);
  });
});
