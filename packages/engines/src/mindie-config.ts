import { isAbsolute } from 'node:path';

/** The parts of MindIE Service's `config.json` Hangar sets (MindIE 1.x/2.x layout). */
export interface MindieConfig {
  Version: '1.0.0';
  LogConfig: { logLevel: string; fileSize: number; fileNum: number; logPath: string };
  ServerConfig: {
    ipAddress: string;
    managementIpAddress: string;
    port: number;
    managementPort: number;
    metricsPort: number;
    allowAllZeroIpListening: boolean;
    maxLinkNum: number;
    httpsEnabled: boolean;
    inferMode: 'standard';
    openAiSupport: 'vllm';
    tokenTimeout: number;
    e2eTimeout: number;
  };
  BackendConfig: {
    backendName: 'mindieservice_llm_engine';
    modelInstanceNumber: 1;
    npuDeviceIds: number[][];
    tokenizerProcessNumber: number;
    multiNodesInferEnabled: boolean;
    ModelDeployConfig: {
      maxSeqLen: number;
      maxInputTokenLen: number;
      truncation: boolean;
      ModelConfig: {
        modelInstanceType: 'Standard';
        modelName: string;
        modelWeightPath: string;
        worldSize: number;
        cpuMemSize: number;
        npuMemSize: number;
        backendType: 'atb';
        trustRemoteCode: boolean;
      }[];
    };
    ScheduleConfig: {
      templateType: 'Standard';
      templateName: 'Standard_LLM';
      cacheBlockSize: number;
      maxPrefillBatchSize: number;
      maxPrefillTokens: number;
      maxBatchSize: number;
      maxIterTimes: number;
      maxPreemptCount: number;
      supportSelectBatch: boolean;
      maxQueueDelayMicroseconds: number;
    };
  };
}

export interface MindieConfigInput {
  host: string;
  port: number;
  managementPort: number;
  metricsPort: number;
  modelName: string;
  modelWeightPath: string;
  worldSize: number;
  maxSeqLen: number;
  maxBatchSize: number;
  trustRemoteCode: boolean;
  logPath: string;
}

/** MindIE's config for one instance; device ids are 0..worldSize-1 of the devices made visible to it. */
export function buildMindieConfig(input: MindieConfigInput): MindieConfig {
  return {
    Version: '1.0.0',
    LogConfig: { logLevel: 'Info', fileSize: 20, fileNum: 20, logPath: input.logPath },
    ServerConfig: {
      ipAddress: input.host,
      managementIpAddress: input.host,
      port: input.port,
      managementPort: input.managementPort,
      metricsPort: input.metricsPort,
      allowAllZeroIpListening: input.host === '0.0.0.0',
      maxLinkNum: 1000,
      httpsEnabled: false,
      inferMode: 'standard',
      openAiSupport: 'vllm',
      tokenTimeout: 600,
      e2eTimeout: 600,
    },
    BackendConfig: {
      backendName: 'mindieservice_llm_engine',
      modelInstanceNumber: 1,
      npuDeviceIds: [Array.from({ length: input.worldSize }, (_, index) => index)],
      tokenizerProcessNumber: 8,
      multiNodesInferEnabled: false,
      ModelDeployConfig: {
        maxSeqLen: input.maxSeqLen,
        maxInputTokenLen: input.maxSeqLen,
        truncation: false,
        ModelConfig: [
          {
            modelInstanceType: 'Standard',
            modelName: input.modelName,
            modelWeightPath: input.modelWeightPath,
            worldSize: input.worldSize,
            cpuMemSize: 5,
            // -1: size the KV cache from NPU_MEMORY_FRACTION.
            npuMemSize: -1,
            backendType: 'atb',
            trustRemoteCode: input.trustRemoteCode,
          },
        ],
      },
      ScheduleConfig: {
        templateType: 'Standard',
        templateName: 'Standard_LLM',
        cacheBlockSize: 128,
        maxPrefillBatchSize: 50,
        maxPrefillTokens: Math.max(8192, input.maxSeqLen),
        maxBatchSize: input.maxBatchSize,
        maxIterTimes: input.maxSeqLen,
        maxPreemptCount: 0,
        supportSelectBatch: false,
        maxQueueDelayMicroseconds: 5000,
      },
    },
  };
}

/** MindIE refuses these at startup with terse messages; we say it first, and clearly. Empty when valid. */
export function checkMindieConfig(config: MindieConfig): string[] {
  const problems: string[] = [];
  const { ServerConfig: server, BackendConfig: backend } = config;
  const deploy = backend.ModelDeployConfig;
  const model = deploy.ModelConfig[0];
  const ports = [server.port, server.managementPort, server.metricsPort];
  if (new Set(ports).size !== ports.length)
    problems.push(`port, managementPort and metricsPort must differ (got ${ports.join(', ')})`);
  if (ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535))
    problems.push('ports must be 1..65535');
  if (model === undefined) return [...problems, 'ModelConfig is empty'];
  const deviceCount = backend.npuDeviceIds.reduce((sum, group) => sum + group.length, 0);
  if (model.worldSize !== deviceCount)
    problems.push(`worldSize ${model.worldSize} differs from the ${deviceCount} npuDeviceIds`);
  if (![1, 2, 4, 8, 16].includes(model.worldSize))
    problems.push(`worldSize must be 1, 2, 4, 8 or 16 (got ${model.worldSize})`);
  if (!isAbsolute(model.modelWeightPath))
    problems.push(`modelWeightPath must be an absolute folder (got '${model.modelWeightPath}')`);
  if (deploy.maxInputTokenLen > deploy.maxSeqLen) problems.push('maxInputTokenLen must not exceed maxSeqLen');
  if (backend.ScheduleConfig.maxPrefillTokens < deploy.maxInputTokenLen)
    problems.push('maxPrefillTokens must be at least maxInputTokenLen');
  if (backend.ScheduleConfig.maxBatchSize < 1) problems.push('maxBatchSize must be at least 1');
  if (server.ipAddress === '0.0.0.0' && !server.allowAllZeroIpListening)
    problems.push('listening on 0.0.0.0 needs allowAllZeroIpListening');
  return problems;
}
