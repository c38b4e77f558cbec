/**
 * Export to AWS: what the learner built (a validated API definition and its handler files) as
 * an AWS SAM project — template.yaml, the handlers compiled to CommonJS JavaScript by the same
 * transpiler the playground runs them with (imports unchanged, so `@aws-sdk/*` resolves to the
 * SDK v3 that Lambda's Node.js 22 runtime ships), and a README with the deploy steps and every
 * place where the mapping to CloudFormation is not exact. Pure TS: the page zips it, the CLI
 * writes it to a folder (scripts/export-aws.ts), and src/host/project.ts reads it back.
 */
import { zipSync, strToU8 } from 'fflate';
import { validateDefinition, type ApiDefinition } from '../gateway';
import { transpile } from '../runtime/transpile';
import { exportReadme } from './readme';
import { CODE_DIR, samTemplate } from './template';
import { toYaml } from './yaml';

export interface AwsExport {
  /** Path (relative to the project folder) → text. */
  files: Record<string, string>;
  /** What does not map exactly (also in the README). */
  notes: string[];
}

const TS_SOURCE = /\.(ts|mts|cts)$/;

/**
 * The SAM project for a definition (api.json as an object, as the learner wrote it) and its
 * handler files. Throws an Error naming the file and position when the definition does not
 * validate or a handler does not compile: nothing half-exported.
 */
export function exportToAws(input: unknown, handlerFiles: Readonly<Record<string, string>>): AwsExport {
  const validated = validateDefinition(input);
  if (!validated.ok)
    throw new Error(
      `api.json does not validate, so it cannot be exported:\n${validated.errors.map((e) => `  ${e.path ? e.path + ': ' : ''}${e.message}`).join('\n')}`,
    );
  const definition: ApiDefinition = validated.definition;
  const sources = { ...handlerFiles };
  delete sources['api.json'];

  const files: Record<string, string> = {};
  const notes: string[] = [];
  for (const [path, text] of Object.entries(sources)) {
    if (/\.d\.ts$/.test(path)) continue; // declarations only: nothing to run
    const compile = TS_SOURCE.test(path) || /\.js$/.test(path);
    if (!compile) {
      files[`${CODE_DIR}/${path}`] = text;
      continue;
    }
    const result = transpile(text, path);
    if (!result.ok) {
      const e = result.error;
      throw new Error(`${e.file}:${e.line}:${e.column}: ${e.message} (fix it in the playground, then export again)`);
    }
    const out = `${CODE_DIR}/${path.replace(TS_SOURCE, '.js')}`;
    if (out in files) notes.push(`${path} and another file both compile to ${out}: only the last one is exported.`);
    files[out] =
      `// Compiled from ${path} by API Gateway Playground (types removed, imports as CommonJS require).\n${result.code}`;
  }
  // `sam build` runs npm in each CodeUri, which needs a package.json; Lambda provides the SDK.
  files[`${CODE_DIR}/package.json`] ??=
    JSON.stringify(
      { name: definition.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'), version: '1.0.0', private: true },
      null,
      2,
    ) + '\n';
  const written = (input ?? {}) as { region?: unknown; apiId?: unknown };
  const template = samTemplate(definition, sources, written);
  notes.push(...template.notes);
  files['template.yaml'] = toYaml(template.document);
  files['README.md'] = exportReadme(
    definition,
    template.outputs,
    notes,
    typeof written.region === 'string' ? written.region : undefined,
  );
  return { files, notes };
}

/** The export as one zip (for the page's download), files in a folder named after the API. */
export function exportZip(exported: AwsExport, folder: string): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, text] of Object.entries(exported.files)) entries[`${folder}/${path}`] = strToU8(text);
  return zipSync(entries, { level: 6 });
}

/** A folder name for the export: the API's name, safe on every file system. */
export function exportFolderName(definitionName: string): string {
  const name = definitionName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return `${name || 'api'}-sam`;
}
