export {
  CONFIG_KEYS,
  serverConfigSchema,
  clientConfigSchema,
  type ServerConfig,
  type ClientConfig,
} from './config.schema.js';
export { loadServerConfig, loadClientConfig, expandPath, resolveHome } from './load-config.js';
