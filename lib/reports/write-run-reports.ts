/**
 * Edge: writes one run's reports to a folder (the CLI's --out, the Lambda's /tmp before upload).
 * Each file is written to a temporary name and renamed, so a reader never sees half a report.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FindingsDocument } from '../findings/document';
import { alertText, renderAlert, type Alert, type AlertOptions } from './alert';
import { renderFindingsCsv, type CsvOptions } from './csv';
import { renderReportHtml, type ReportHtmlOptions } from './html/report';
import { renderFindingsJson } from './json';

export const REPORT_FILES = { json: 'findings.json', csv: 'findings.csv', html: 'report.html', alert: 'alert.txt' } as const;

export interface RunReportOptions {
  html?: ReportHtmlOptions;
  csv?: CsvOptions;
  alert?: AlertOptions;
}

export interface RunReportPaths {
  json: string;
  csv: string;
  html: string;
  alert: string;
}

export interface RunReports {
  paths: RunReportPaths;
  /** The alert as rendered, so the caller can publish it without reading alert.txt back. */
  alert: Alert;
}

async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, 'utf8');
  await rename(tmp, path);
}

export async function writeRunReports(dir: string, doc: FindingsDocument, options: RunReportOptions = {}): Promise<RunReports> {
  await mkdir(dir, { recursive: true });
  const paths: RunReportPaths = {
    json: join(dir, REPORT_FILES.json),
    csv: join(dir, REPORT_FILES.csv),
    html: join(dir, REPORT_FILES.html),
    alert: join(dir, REPORT_FILES.alert),
  };
  const alert = renderAlert(doc, options.alert);
  // One file at a time: at 100,000 findings each rendering is tens of MB, and holding all four at once is not needed.
  await writeAtomic(paths.json, renderFindingsJson(doc));
  await writeAtomic(paths.csv, renderFindingsCsv(doc.findings, options.csv));
  await writeAtomic(paths.html, renderReportHtml(doc, options.html));
  await writeAtomic(paths.alert, alertText(alert));
  return { paths, alert };
}
