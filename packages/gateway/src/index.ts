export { createGateway } from './gateway.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type Gateway,
  type GatewayHandle,
  type GatewayLogger,
  type GatewayOptions,
  type GatewayRequestSummary,
  type GatewayTimeouts,
} from './gateway-options.js';
export { selectUpstream } from './select-upstream.js';
