/**
 * What a workspace starts from (a built-in example or a lesson's start) and the snapshots a
 * workspace is replaced with: pure data and copies, apart from the Workspace class that holds them.
 */
import type { ApiDefinition, ApiType } from '../gateway';
import type { Example } from '../examples';
import type { SavedWorkspace } from './persistence';

export type Snapshot = Pick<SavedWorkspace, 'definition' | 'files' | 'activeFile' | 'exampleId'>;

/** An API of one type, or a comparison lesson's inputs (it runs no API of its own). */
export type WorkspaceKind = ApiType | 'compare';

/**
 * What a workspace starts from, and what "Reset" and `hasEdits` compare against: a built-in
 * example, or a lesson's start. A comparison lesson's start has no API definition.
 */
export type WorkspaceStart = Omit<Example, 'apiType' | 'definition'> &
  ({ kind: ApiType; definition: ApiDefinition } | { kind: 'compare'; definition: null });

export function exampleStart({ apiType, ...example }: Example): WorkspaceStart {
  return { ...example, kind: apiType };
}

/** A start as a workspace snapshot (copied: the example objects themselves never change). */
export function startSnapshot(start: WorkspaceStart): Snapshot {
  return {
    definition: structuredClone(start.definition),
    files: { ...start.files },
    activeFile: start.focus,
    exampleId: start.id,
  };
}

/** What a saved workspace holds, as a snapshot. */
export function savedSnapshot(d: SavedWorkspace): Snapshot {
  return {
    definition: d.kind === 'compare' ? null : d.definition,
    files: d.files,
    activeFile: d.activeFile,
    exampleId: d.exampleId,
  };
}
