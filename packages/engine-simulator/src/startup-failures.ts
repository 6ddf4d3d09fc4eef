import type { SimulatorOptions } from './simulator-options.js';

/**
 * The line a real engine prints when it fails this way at startup (shapes copied from vLLM/PyTorch/Transformers
 * output), so failure explanation can be tested end to end; null when the simulator starts normally.
 */
export function startupFailureLine(options: SimulatorOptions): string | null {
  switch (options.failMode) {
    case 'oom':
      return (
        'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of ' +
        '79.19 GiB of which 1.06 GiB is free. Including non-PyTorch memory, this process has 78.12 GiB memory in use.'
      );
    case 'nccl':
      return 'RuntimeError: NCCL error: unhandled system error (run with NCCL_DEBUG=INFO for details), NCCL version 2.21.5';
    case 'missing-weights':
      return `OSError: /models/${options.modelName} does not appear to have a file named config.json.`;
    case 'none':
    case 'die-mid-stream':
    case 'never-ready':
      return null;
  }
}
