/**
 * Reads CloudFormation templates from disk: one JSON or YAML file, or a `cdk.out` folder (every
 * stack artifact its manifest.json lists). Each template keeps its positions, so a finding can name
 * the line of the property to change. This and the CLI are the only parts of lib/template that touch
 * the file system.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fsReason, TemplateFileError } from '../errors';
import { PositionedYaml, type PathSegment } from '../policy/locate';
import { CFN_TAGS } from './yaml-tags';
import type { TemplateSource } from './source';

/** Templates above this size are refused: CloudFormation itself accepts at most 1 MB (S3-hosted). */
const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

/** Parses template text (JSON or YAML with short-form intrinsics); `file` is only used in messages. */
export function parseTemplate(text: string, file: string, stackName = stackNameOf(file)): TemplateSource {
  const positioned = new PositionedYaml(text, { customTags: CFN_TAGS });
  if (positioned.syntaxProblems.length) throw new TemplateFileError(file, positioned.syntaxProblems);
  const data = positioned.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new TemplateFileError(file, [{ path: '', message: 'expected a map with a Resources section' }]);
  const resources = (data as Record<string, unknown>).Resources;
  if (!resources || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new TemplateFileError(file, [{ path: 'Resources', line: positioned.lineOf(['Resources']), message: 'a template needs a Resources map (CloudFormation requires at least one resource)' }]);
  }
  return { file, stackName, template: data as TemplateSource['template'], lineOf: (path: readonly PathSegment[]) => positioned.lineOf(path) };
}

function stackNameOf(file: string): string {
  return basename(file).replace(/\.template\.json$|\.(json|ya?ml|template)$/i, '') || 'Stack';
}

async function readOne(file: string, shownAs: string, stackName?: string): Promise<TemplateSource> {
  const info = await stat(file);
  if (info.size > MAX_TEMPLATE_BYTES) throw new TemplateFileError(shownAs, [{ path: '', message: `${info.size} bytes is more than the ${MAX_TEMPLATE_BYTES} this reader accepts` }]);
  return parseTemplate(await readFile(file, 'utf8'), shownAs, stackName);
}

interface CdkManifest {
  artifacts?: Record<string, { type?: string; properties?: { templateFile?: string; directoryName?: string }; displayName?: string }>;
}

/** The stack templates of a cdk.out folder, in the manifest's order; a Stage's nested assembly is read in its place. */
async function readCloudAssembly(dir: string, shownAs: string, depth = 0): Promise<TemplateSource[]> {
  let manifest: CdkManifest | undefined;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as CdkManifest;
  } catch {
    manifest = undefined;
  }
  const files: { file: string; stackName: string }[] = [];
  const nested: string[] = [];
  if (manifest?.artifacts) {
    for (const [id, a] of Object.entries(manifest.artifacts)) {
      if (a.type === 'aws:cloudformation:stack' && a.properties?.templateFile) files.push({ file: a.properties.templateFile, stackName: id });
      // Stages synthesize into assembly-<name>/ folders; a bound keeps a manifest loop from running away.
      if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName && depth < 8) nested.push(a.properties.directoryName);
    }
  } else {
    for (const f of (await readdir(dir)).sort()) if (f.endsWith('.template.json')) files.push({ file: f, stackName: stackNameOf(f) });
  }
  const out: TemplateSource[] = [];
  for (const f of files) out.push(await readOne(join(dir, f.file), join(shownAs, f.file), f.stackName));
  for (const d of nested) out.push(...(await readCloudAssembly(join(dir, d), join(shownAs, d), depth + 1)));
  if (!out.length && depth === 0) throw new TemplateFileError(shownAs, [{ path: '', message: 'this folder holds no stack template (no aws:cloudformation:stack artifact in manifest.json, no *.template.json)' }], 'Run `cdk synth` first, or name a template file.');
  return out;
}

/** Reads a template file or a cdk.out folder; paths in findings are shown relative to `cwd`. */
export async function readTemplates(path: string, cwd = process.cwd()): Promise<TemplateSource[]> {
  const shownAs = relative(cwd, path) || path;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TemplateFileError(shownAs, [{ path: '', message: `cannot be read: ${code ? `${fsReason(code) ?? 'error'} (${code})` : (err as Error).message}` }], 'Check the path: give a template (.json, .yaml) or a cdk.out folder.');
  }
  return info.isDirectory() ? readCloudAssembly(path, shownAs) : [await readOne(path, shownAs)];
}
