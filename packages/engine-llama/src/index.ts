export { startEngineServer, type EngineServer, type EngineServerDependencies } from './engine-server.js';
export {
  buildEngineArgs,
  parseEngineArgs,
  defaultEngineOptions,
  fallbackChatTemplates,
  type EngineOptions,
  type FallbackChatTemplate,
  type FlashAttentionMode,
  type ParseEngineArgsResult,
} from './engine-args.js';
