/**
 * `--profile <name>` must name a profile of the shared AWS config or credentials file: otherwise the
 * SDK's credential chain only says "Could not load credentials from any providers", which does not
 * tell a user that the name is misspelt. The files are parsed by the SDK's own loader.
 */
import { loadSharedConfigFiles } from '@smithy/core/config';
import { UsageError } from '../errors';

export async function profileNames(env: NodeJS.ProcessEnv): Promise<string[]> {
  const files = await loadSharedConfigFiles({ filepath: env.AWS_SHARED_CREDENTIALS_FILE, configFilepath: env.AWS_CONFIG_FILE, ignoreCache: true });
  // sso-session and services sections are keyed "<kind>.<name>" by the loader: they are not profiles.
  return [...new Set([...Object.keys(files.configFile ?? {}), ...Object.keys(files.credentialsFile ?? {})])].filter((k) => !k.includes('.')).sort();
}

/** Refuses a profile that exists in neither file, listing those that do. */
export async function checkProfileExists(profile: string, env: NodeJS.ProcessEnv): Promise<void> {
  const names = await profileNames(env);
  if (names.includes(profile)) return;
  const where = [env.AWS_CONFIG_FILE ?? '~/.aws/config', env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'].join(' or ');
  throw new UsageError(
    `UsageError: --profile ${JSON.stringify(profile)} does not exist in ${where}. ${names.length ? `Profiles there: ${names.join(', ')}.` : 'No profile is configured there.'} Create it with \`aws configure --profile ${profile}\` (or \`aws configure sso\`), or leave --profile out to use the default credential chain.`,
  );
}
