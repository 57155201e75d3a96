/** Report schedule target: the periodic compliance report and the e-mail digest for { period }. */
import { makeReportHandler } from '../lib/pipeline/report-step';
import { defaultReportDeps } from '../lib/pipeline/deps/report';

export const handler = makeReportHandler(defaultReportDeps());
