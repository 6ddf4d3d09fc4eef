import type { AcceleratorView, HostView, NodeView } from '@hangar/contracts';
import { formatTable } from './format-table.js';
import { formatBytes } from './format-units.js';

/** `AMD EPYC 9654 (96 cores, 192 threads, 2 sockets), 1.5 TiB RAM (1.4 TiB available)`. */
export function describeHost(host: HostView): string {
  const counts = [
    host.physicalCores == null ? null : `${host.physicalCores} cores`,
    host.logicalCpus == null ? null : `${host.logicalCpus} threads`,
    host.sockets == null || host.sockets <= 1 ? null : `${host.sockets} sockets`,
  ].filter((part) => part !== null);
  const cpu = `${host.cpuModel ?? 'unknown CPU'}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`;
  const available =
    host.memoryAvailableBytes == null ? '' : ` (${formatBytes(host.memoryAvailableBytes)} available)`;
  return `${cpu}, ${formatBytes(host.memoryTotalBytes)} RAM${available}`;
}

const orDash = (value: number | string | null, suffix = ''): string =>
  value == null ? '-' : `${value}${suffix}`;

function memory(accelerator: AcceleratorView): string {
  if (accelerator.memoryTotalBytes == null) return '-';
  return `${formatBytes(accelerator.memoryUsedBytes)} / ${formatBytes(accelerator.memoryTotalBytes)}`;
}

/** The accelerator table of one node. */
export function formatAccelerators(accelerators: readonly AcceleratorView[]): string {
  const rows = accelerators.map((accelerator) => [
    accelerator.id,
    accelerator.vendor,
    accelerator.model,
    memory(accelerator),
    orDash(accelerator.utilizationPercent === null ? null : Math.round(accelerator.utilizationPercent), '%'),
    orDash(accelerator.temperatureC === null ? null : Math.round(accelerator.temperatureC), '°C'),
    orDash(accelerator.powerW === null ? null : Math.round(accelerator.powerW), ' W'),
    accelerator.busId ?? '-',
  ]);
  return formatTable(['ID', 'VENDOR', 'MODEL', 'MEMORY', 'UTIL', 'TEMP', 'POWER', 'BUS'], rows);
}

/** `hangar nodes`: per node a header, the host line, the accelerators, then any detection problems. */
export function formatNodes(nodes: readonly NodeView[]): string {
  if (nodes.length === 0) return 'No node inventory yet (the server detects hardware at start).';
  return nodes
    .map((node) => {
      const lines = [
        `Node ${node.name} (detected ${new Date(node.detectedAt).toISOString().slice(0, 19).replace('T', ' ')})`,
        `Host: ${describeHost(node.host)}`,
        '',
        node.accelerators.length > 0 ? formatAccelerators(node.accelerators) : 'No accelerators detected.',
      ];
      if (node.problems.length > 0) {
        lines.push(
          '',
          'Problems:',
          ...node.problems.map((problem) => `  ${problem.source}: ${problem.message}`),
        );
      }
      return lines.join('\n');
    })
    .join('\n\n');
}
