/**
 * Launch templates as the launch-template rules judge them: each template once, with the versions
 * that matter, its default (what launches use unless they name a version) and its latest (what a
 * launch asking for $Latest, or the next default, gets). Usually one version is both.
 */
import type { LaunchTemplateVersion } from '../../model/types';
import { label } from './labels';

export interface LaunchTemplate {
  /** Any version of the template: it carries the account, region, id and name. */
  first: LaunchTemplateVersion;
  /** The default and latest versions, default first, each once. */
  versions: LaunchTemplateVersion[];
}

export function launchTemplates(versions: readonly LaunchTemplateVersion[]): LaunchTemplate[] {
  const byTemplate = new Map<string, LaunchTemplateVersion[]>();
  for (const v of versions) {
    const k = `${v.accountId}|${v.region}|${v.launchTemplateId}`;
    const list = byTemplate.get(k);
    if (list) {
      if (!list.some((x) => x.versionNumber === v.versionNumber)) list.push(v);
    } else byTemplate.set(k, [v]);
  }
  return [...byTemplate.values()].map((list) => {
    const sorted = [...list].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.versionNumber - b.versionNumber);
    return { first: sorted[0], versions: sorted };
  });
}

/** `lt-0abc (web-template)`. */
export const launchTemplateLabel = (v: LaunchTemplateVersion): string => label(v.launchTemplateId, v.launchTemplateName);

/** "version 3 (default and latest)". */
export function versionLabel(v: LaunchTemplateVersion): string {
  const roles = [v.isDefault ? 'default' : '', v.isLatest ? 'latest' : ''].filter(Boolean);
  return `version ${v.versionNumber}${roles.length ? ` (${roles.join(' and ')})` : ''}`;
}
