import { ApiError } from '@hangar/api-client';
import { describe, expect, it } from 'vitest';
import { endpointExists, isMissingEndpoint } from './capabilities';

const error = (status: number, code: string) => new ApiError('x', { status, code });

describe('capabilities', () => {
  it('treats only "no such route" as a missing endpoint', async () => {
    expect(isMissingEndpoint(error(404, 'route_not_found'))).toBe(true);
    expect(isMissingEndpoint(error(404, 'deployment_not_found'))).toBe(false);
    expect(await endpointExists(() => Promise.resolve([]))).toBe(true);
    expect(await endpointExists(() => Promise.reject(error(404, 'route_not_found')))).toBe(false);
    expect(await endpointExists(() => Promise.reject(error(400, 'validation_failed')))).toBe(true);
    expect(await endpointExists(() => Promise.reject(error(403, 'forbidden')))).toBe(true);
    expect(await endpointExists(() => Promise.reject(error(0, 'server_unreachable')))).toBe(false);
  });
});
