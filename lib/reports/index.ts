/** Public surface of the report renderers. All pure except `writeRunReports` (file system). */
export { renderFindingsJson, canonicalFinding } from './json';
export { renderFindingsCsv, neutraliseFormula, csvField, CSV_COLUMNS, type CsvOptions } from './csv';
export { renderReportHtml, defaultSections, placeSections, type ReportHtmlOptions, type ExtraSection } from './html/report';
export { renderHtmlPage, contentSecurityPolicy, type ReportSection, type PageOptions } from './html/page';
export { escapeHtml, html, raw, anchorId, Html } from './html/escape';
export { headerSection } from './html/sections/header';
export { coverageSection, coverageVerdict } from './html/sections/coverage';
export { severitySummarySection } from './html/sections/severity';
export { controlSummarySection } from './html/sections/controls';
export { findingsTableSection, type FindingsTableOptions } from './html/sections/findings';
export { rulesSection, rulesInReport, type RuleInfo } from './html/sections/rules';
export { findingsFilterHref, type FindingsFilter } from './html/sections/links';
export { controlSummary, controlVerdict, FRAMEWORKS, type FrameworkSummary, type ControlRow, type ControlVerdict } from './controls';
export { renderAlert, alertText, newFailuresAtLeast, MAX_ALERT_BODY_BYTES, MAX_SUBJECT_CHARS, type Alert, type AlertOptions, type AlertSelector } from './alert';
export { renderConsoleSummary, type ConsoleSummaryOptions } from './console';
export { writeRunReports, REPORT_FILES, type RunReportOptions, type RunReportPaths, type RunReports } from './write-run-reports';
