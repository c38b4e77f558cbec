/**
 * The identity of one deployed function version. Lambda gives an updated function (new code or
 * new configuration) fresh execution environments, so a changed key means a cold start.
 */
import type { FunctionConfig } from '../gateway';

/** FNV-1a over a canonical JSON of the files, the configuration, the name and the region. */
export function versionKey(
  functionName: string,
  files: Readonly<Record<string, string>>,
  config: FunctionConfig,
  region: string,
): string {
  const canonical = JSON.stringify([
    functionName,
    region,
    config.handler,
    config.timeout,
    config.memorySize,
    Object.entries(config.environment ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)),
    Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}-${canonical.length}`;
}

/**
 * `versionKey` remembered per (files, config, function, region): it hashes every file, and a
 * deployment hands out the same frozen files and config objects until it changes, so an invoker
 * computes a key once rather than once per invocation (200 clients connecting at once hashed the
 * workspace 200 times in one task).
 */
export function createVersionKeys(): (
  functionName: string,
  files: Readonly<Record<string, string>>,
  config: FunctionConfig,
  region: string,
) => string {
  const versions = new WeakMap<object, WeakMap<object, Map<string, string>>>();
  return (functionName, files, config, region) => {
    let byConfig = versions.get(files);
    if (!byConfig) versions.set(files, (byConfig = new WeakMap()));
    let byName = byConfig.get(config);
    if (!byName) byConfig.set(config, (byName = new Map()));
    const name = `${region}\n${functionName}`;
    let version = byName.get(name);
    if (version === undefined) byName.set(name, (version = versionKey(functionName, files, config, region)));
    return version;
  };
}
