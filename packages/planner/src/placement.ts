import type { Plan, PlannerNode } from './types.js';

/** What one instance of a deployment needs, usually from its plan (`requirementOf`). */
export interface PlacementRequirement {
  vendor: string;
  devicesPerNode: number;
  nodeCount: number;
  /** Memory each chosen device must have free for this instance. */
  bytesPerDevice: number;
}

/** Where a deployment may go: exact device model, node labels (all must match), node names. */
export interface PlacementConstraints {
  deviceModel?: string;
  nodeLabels?: Record<string, string>;
  nodeNames?: string[];
}

export interface PlacementRequest {
  deploymentId: string;
  replicas: number;
  requirement: PlacementRequirement;
  constraints?: PlacementConstraints;
}

export interface Placement {
  deploymentId: string;
  ordinal: number;
  nodes: Array<{ nodeName: string; acceleratorIds: string[] }>;
  bytesPerDevice: number;
  /** True when an earlier placement of this instance could not be kept (its device disappeared). */
  isMoved: boolean;
}

export interface PendingInstance {
  deploymentId: string;
  ordinal: number;
  reason: 'no_matching_accelerator' | 'insufficient_free_memory';
  message: string;
}

export interface PlacementOptions {
  /** `binpack` (default) fills the fullest devices first; `spread` uses the emptiest and spreads replicas over nodes. */
  strategy?: 'binpack' | 'spread';
  /** The previous result: instances whose devices still exist stay where they are. */
  existing?: readonly Placement[];
}

export interface PlacementResult {
  placements: Placement[];
  pending: PendingInstance[];
}

/** The placement requirement of a plan. */
export function requirementOf(plan: Plan): PlacementRequirement {
  return {
    vendor: plan.device.vendor,
    devicesPerNode: plan.layout.devicesPerNode,
    nodeCount: plan.layout.nodeCount,
    bytesPerDevice: plan.requiredBytesPerDevice,
  };
}

interface DeviceState {
  id: string;
  vendor: string;
  model: string;
  capacityBytes: number;
  freeBytes: number;
}

interface NodeState {
  name: string;
  labels: Record<string, string>;
  devices: DeviceState[];
  /** Instances placed here per deployment, for spreading replicas. */
  instances: Map<string, number>;
}

function stateOf(nodes: readonly PlannerNode[]): Map<string, NodeState> {
  const states = new Map<string, NodeState>();
  for (const node of nodes) {
    states.set(node.name, {
      name: node.name,
      labels: node.labels ?? {},
      instances: new Map(),
      devices: node.accelerators
        .filter((device) => device.memoryTotalBytes !== null)
        .map((device) => ({
          id: device.id,
          vendor: device.vendor,
          model: device.model,
          capacityBytes: device.memoryTotalBytes ?? 0,
          freeBytes: device.memoryTotalBytes ?? 0,
        })),
    });
  }
  return states;
}

function matchesNode(node: NodeState, constraints: PlacementConstraints | undefined): boolean {
  if (constraints?.nodeNames !== undefined && !constraints.nodeNames.includes(node.name)) return false;
  for (const [key, value] of Object.entries(constraints?.nodeLabels ?? {}))
    if (node.labels[key] !== value) return false;
  return true;
}

function matchesDevice(device: DeviceState, request: PlacementRequest): boolean {
  if (device.vendor !== request.requirement.vendor) return false;
  const model = request.constraints?.deviceModel;
  return model === undefined || device.model === model;
}

/** Tries to keep an earlier placement: every device must still exist, match and have room. */
function keepExisting(
  previous: Placement,
  request: PlacementRequest,
  nodes: Map<string, NodeState>,
): boolean {
  const chosen: DeviceState[] = [];
  for (const part of previous.nodes) {
    const node = nodes.get(part.nodeName);
    if (node === undefined || !matchesNode(node, request.constraints)) return false;
    for (const id of part.acceleratorIds) {
      const device = node.devices.find((candidate) => candidate.id === id);
      if (
        device === undefined ||
        !matchesDevice(device, request) ||
        device.freeBytes < request.requirement.bytesPerDevice
      )
        return false;
      chosen.push(device);
    }
  }
  for (const device of chosen) device.freeBytes -= request.requirement.bytesPerDevice;
  for (const part of previous.nodes) {
    const node = nodes.get(part.nodeName);
    node?.instances.set(request.deploymentId, (node.instances.get(request.deploymentId) ?? 0) + 1);
  }
  return true;
}

interface NodeChoice {
  node: NodeState;
  devices: DeviceState[];
  score: number;
}

/** The devices a node would give this instance, with a score (lower is better), or null. */
function chooseOnNode(node: NodeState, request: PlacementRequest, isSpread: boolean): NodeChoice | null {
  const need = request.requirement.bytesPerDevice;
  const fitting = node.devices.filter((device) => matchesDevice(device, request) && device.freeBytes >= need);
  if (fitting.length < request.requirement.devicesPerNode) return null;
  // Binpack: best fit (least free first). Spread: most free first.
  fitting.sort((a, b) => (isSpread ? b.freeBytes - a.freeBytes : a.freeBytes - b.freeBytes));
  const devices = fitting.slice(0, request.requirement.devicesPerNode);
  const nodeFree = node.devices.reduce((sum, device) => sum + device.freeBytes, 0);
  const replicasHere = node.instances.get(request.deploymentId) ?? 0;
  const score = isSpread ? replicasHere * 1e18 - nodeFree : nodeFree;
  return { node, devices, score };
}

function pendingReason(request: PlacementRequest, nodes: Map<string, NodeState>): PendingInstance['reason'] {
  for (const node of nodes.values()) {
    if (!matchesNode(node, request.constraints)) continue;
    const matching = node.devices.filter(
      (device) =>
        matchesDevice(device, request) && device.capacityBytes >= request.requirement.bytesPerDevice,
    );
    if (matching.length >= request.requirement.devicesPerNode) return 'insufficient_free_memory';
  }
  return 'no_matching_accelerator';
}

/**
 * Incremental placement over a fixed set of nodes: each `place` or `keep` takes memory from the devices it uses.
 * `placeInstances` is built on it; the reconciler (or a benchmark) can use it one decision at a time.
 */
export class PlacementBoard {
  private readonly nodes: Map<string, NodeState>;
  private readonly isSpread: boolean;

  constructor(nodes: readonly PlannerNode[], strategy: PlacementOptions['strategy'] = 'binpack') {
    this.nodes = stateOf(nodes);
    this.isSpread = strategy === 'spread';
  }

  /** Keeps an earlier placement if all its devices still exist and have room; false otherwise. */
  keep(previous: Placement, request: PlacementRequest): boolean {
    return keepExisting(previous, request, this.nodes);
  }

  /** Places one instance, or says why it stays pending. */
  place(request: PlacementRequest, ordinal: number, isMoved = false): Placement | PendingInstance {
    const choices: NodeChoice[] = [];
    for (const node of this.nodes.values()) {
      if (!matchesNode(node, request.constraints)) continue;
      const choice = chooseOnNode(node, request, this.isSpread);
      if (choice !== null) choices.push(choice);
    }
    if (choices.length < request.requirement.nodeCount) {
      const reason = pendingReason(request, this.nodes);
      return {
        deploymentId: request.deploymentId,
        ordinal,
        reason,
        message: pendingMessage(request, reason),
      };
    }
    choices.sort((a, b) => a.score - b.score);
    const chosen = choices.slice(0, request.requirement.nodeCount);
    for (const choice of chosen) {
      for (const device of choice.devices) device.freeBytes -= request.requirement.bytesPerDevice;
      choice.node.instances.set(
        request.deploymentId,
        (choice.node.instances.get(request.deploymentId) ?? 0) + 1,
      );
    }
    return {
      deploymentId: request.deploymentId,
      ordinal,
      nodes: chosen.map((choice) => ({
        nodeName: choice.node.name,
        acceleratorIds: choice.devices.map((device) => device.id),
      })),
      bytesPerDevice: request.requirement.bytesPerDevice,
      isMoved,
    };
  }
}

/** True for a placed instance, false for a pending one. */
export function isPlaced(outcome: Placement | PendingInstance): outcome is Placement {
  return 'nodes' in outcome;
}

/**
 * Places every replica of every deployment on devices, never oversubscribing a device's memory (each replica
 * counts). Earlier placements are kept while their devices exist; the rest are placed by binpack or spread.
 * What does not fit stays pending with the reason. Pure and deterministic (nodes in input order break ties).
 */
export function placeInstances(
  requests: readonly PlacementRequest[],
  nodes: readonly PlannerNode[],
  options: PlacementOptions = {},
): PlacementResult {
  const board = new PlacementBoard(nodes, options.strategy);
  const previous = new Map(
    (options.existing ?? []).map((placement) => [
      `${placement.deploymentId}#${placement.ordinal}`,
      placement,
    ]),
  );
  const placements: Placement[] = [];
  const pending: PendingInstance[] = [];
  const toPlace: Array<{ request: PlacementRequest; ordinal: number; isMoved: boolean }> = [];
  for (const request of requests) {
    for (let ordinal = 0; ordinal < request.replicas; ordinal += 1) {
      const earlier = previous.get(`${request.deploymentId}#${ordinal}`);
      if (earlier !== undefined && board.keep(earlier, request)) {
        placements.push({ ...earlier, bytesPerDevice: request.requirement.bytesPerDevice, isMoved: false });
      } else {
        toPlace.push({ request, ordinal, isMoved: earlier !== undefined });
      }
    }
  }
  // Binpack places the largest instances first (first-fit decreasing); ties keep request order.
  if (options.strategy !== 'spread')
    toPlace.sort((a, b) => instanceBytes(b.request) - instanceBytes(a.request));
  for (const { request, ordinal, isMoved } of toPlace) {
    const outcome = board.place(request, ordinal, isMoved);
    if (isPlaced(outcome)) placements.push(outcome);
    else pending.push(outcome);
  }
  return { placements, pending };
}

function instanceBytes(request: PlacementRequest): number {
  const { requirement } = request;
  return requirement.bytesPerDevice * requirement.devicesPerNode * requirement.nodeCount;
}

function pendingMessage(request: PlacementRequest, reason: PendingInstance['reason']): string {
  const { requirement } = request;
  const gib = (requirement.bytesPerDevice / 1024 ** 3).toFixed(1);
  const shape = `${requirement.nodeCount > 1 ? `${requirement.nodeCount} nodes × ` : ''}${requirement.devicesPerNode} ${requirement.vendor} device(s)`;
  return reason === 'insufficient_free_memory'
    ? `Waiting for ${shape} with ${gib} GiB free each: matching devices exist but are taken by other instances.`
    : `No node has ${shape} with ${gib} GiB each${request.constraints ? ' that meet the constraints' : ''}.`;
}
