import type { EngineName } from '@hangar/core';

/** People's names for the engines. */
export const ENGINE_DISPLAY_NAMES: Record<EngineName, string> = {
  vllm: 'vLLM',
  'vllm-ascend': 'vLLM-Ascend',
  sglang: 'SGLang',
  'llama-server': 'llama.cpp server',
  mindie: 'MindIE',
  'llama-cpp': 'The embedded llama.cpp engine',
  simulator: 'The Hangar simulator',
};

interface FailurePattern {
  pattern: RegExp;
  explain: (engine: string, match: RegExpMatchArray) => string;
}

// First match wins: the specific patterns come before the general ones.
const PATTERNS: FailurePattern[] = [
  {
    pattern:
      /max seq len \((\d+)\) is larger than the maximum number of tokens that can be stored in KV cache \((\d+)\)/,
    explain: (engine, match) =>
      `${engine} has room for only ${match[2]} KV cache tokens but max-model-len is ${match[1]}: lower max-model-len ` +
      `to ${match[2]} or less, raise the memory fraction, or use more GPUs.`,
  },
  {
    pattern: /No available memory for the cache blocks|KV cache.*(out of memory|insufficient)/i,
    explain: (engine) =>
      `${engine} ran out of GPU memory while allocating the KV cache: lower max-model-len or max-num-seqs, ` +
      'raise the memory fraction, or spread the model over more GPUs.',
  },
  {
    pattern:
      /CUDA out of memory|OutOfMemoryError|CUDA error: out of memory|cudaMalloc failed|ggml_backend_cuda_buffer_type_alloc_buffer: allocating .* failed/i,
    explain: (engine) =>
      `${engine} ran out of GPU memory: lower max-model-len or max-num-seqs, pick a smaller quantization, or use ` +
      'more GPUs (another process may also hold memory: check nvidia-smi).',
  },
  {
    pattern:
      /NPU out of memory|ACL_ERROR_RT_MEMORY_ALLOCATION|EL0004|aclrtMalloc.*fail|NPU memory.*(insufficient|not enough)/i,
    explain: (engine) =>
      `${engine} ran out of NPU memory: lower max-model-len or max-num-seqs, lower the memory fraction of other ` +
      'processes, or use more NPUs (check npu-smi info).',
  },
  {
    pattern: /NCCL error|nccl(Unhandled|System|Internal|Invalid)\w*Error|NCCL WARN .*(fail|error)/i,
    explain: (engine) =>
      `${engine} failed in NCCL communication between GPUs: check that the GPUs can reach each other (NVLink/PCIe ` +
      'P2P; try NCCL_P2P_DISABLE=1), that NCCL_SOCKET_IFNAME names the right network interface across nodes, and ' +
      'that every node runs the same engine version.',
  },
  {
    pattern: /HCCL.*(error|fail|timeout)|HcclCommInit.*fail|EI000[0-9]/i,
    explain: (engine) =>
      `${engine} failed in HCCL communication between NPUs: check the links with 'hccn_tool -i <npu> -link -g' and ` +
      "'hccn_tool -i <npu> -net_health -g', set HCCL_IF_IP / HCCL_SOCKET_IFNAME for multi-node, and check the rank table.",
  },
  {
    pattern:
      /Address already in use|EADDRINUSE|\[Errno 98\]|couldn't bind HTTP server socket|bind.*failed.*port/i,
    explain: (engine) =>
      `${engine} could not listen: its port is already in use by another process. Hangar will retry on another ` +
      "port; if it keeps happening, look for stray engine processes ('ss -ltnp').",
  },
  {
    pattern:
      /does not appear to have a file named|No such file or directory.*(safetensors|config\.json|\.gguf|tokenizer)|is not a local folder and is not a valid model identifier|Repository Not Found|failed to open GGUF|gguf_init_from_file.*failed|error loading model|Cannot find the model weight|modelWeightPath.*(not exist|invalid)/i,
    explain: (engine) =>
      `${engine} could not find the model weights: download the model first ('hangar model pull ...') or check the ` +
      'model path, and that the files are complete.',
  },
  {
    pattern:
      /CUDA driver version is insufficient|NVIDIA driver on your system is too old|Found no NVIDIA driver|no CUDA-capable device is detected|libcuda\.so[.\d]*: cannot open|forward compatibility was attempted|Unexpected error from cudaGetDeviceCount/i,
    explain: (engine) =>
      `${engine} cannot use the GPUs: the NVIDIA driver is missing or too old for the engine's CUDA build. Update the ` +
      "driver ('nvidia-smi' shows the highest CUDA version it supports) or install an engine build for that CUDA version.",
  },
  {
    pattern:
      /libascend_hal\.so|libhccl\.so|ASCEND_HOME_PATH|set_env\.sh|drvMngGetConsoleLogLevel|CANN.*(version|mismatch)/i,
    explain: (engine) =>
      `${engine} cannot use the NPUs: the Ascend driver or CANN toolkit is missing or does not match. Source ` +
      '/usr/local/Ascend/ascend-toolkit/set_env.sh (and the nnal/atb set_env.sh) in the engine environment and check ' +
      "that 'npu-smi info' works.",
  },
  {
    pattern:
      /requires? (a )?(GPU with )?compute capability|not supported on (this|your) GPU|Bfloat16 is only supported on GPUs with compute capability/i,
    explain: (engine) =>
      `${engine} cannot run this model's precision on these GPUs: choose a quantization the GPU supports (e.g. FP16 ` +
      'or AWQ instead of FP8/BF16 on older GPUs).',
  },
  {
    pattern: /No module named '?(vllm|sglang|vllm_ascend|torch)'?/,
    explain: (engine, match) =>
      `${engine} cannot start: the Python package '${match[1]}' is missing in the engine's environment. Install it in ` +
      "the venv the engine runs from (see 'hangar engines').",
  },
];

/**
 * Turns an engine's last output into a human explanation with what to do, or null when nothing known matched.
 * Patterns are tried from the most specific to the most general; each searches the lines from the newest back.
 */
export function explainEngineFailure(engine: EngineName, lines: readonly string[]): string | null {
  const name = ENGINE_DISPLAY_NAMES[engine];
  for (const { pattern, explain } of PATTERNS) {
    for (let index = lines.length - 1; index >= 0; index--) {
      const match = lines[index]!.match(pattern);
      if (match) return explain(name, match);
    }
  }
  return null;
}
