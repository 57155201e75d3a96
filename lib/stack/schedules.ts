/**
 * The two clocks of the stack, on EventBridge Scheduler (time zones for cron, retries and a
 * dead-letter queue per target): the audit schedule starts the state machine; each report schedule
 * invokes the report Lambda with `{ "period": … }`.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResolvedReportSchedule } from './config';
import type { Schedule } from './schedule-expression';
import { acknowledge, nagArnRef } from './nag';

export interface SchedulesProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly reportFunction: lambda.IFunction;
  readonly audit: Schedule;
  readonly reports: readonly ResolvedReportSchedule[];
  /** IANA name; applies to cron expressions. */
  readonly timeZone: string;
  readonly deadLetterQueue: sqs.IQueue;
}

function expressionOf(s: Schedule, timeZone: string): scheduler.ScheduleExpression {
  return s.kind === 'cron' && timeZone !== 'UTC' ? scheduler.ScheduleExpression.expression(s.expression, TimeZone.of(timeZone)) : scheduler.ScheduleExpression.expression(s.expression);
}

export class Schedules extends Construct {
  readonly audit: scheduler.Schedule;
  readonly reports: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const delivery = { deadLetterQueue: props.deadLetterQueue, retryAttempts: 3, maxEventAge: Duration.hours(1) };
    this.audit = new scheduler.Schedule(this, 'Audit', {
      description: `vmaudit audit run, ${props.audit.expression}`,
      schedule: expressionOf(props.audit, props.timeZone),
      target: new targets.StepFunctionsStartExecution(props.stateMachine, { ...delivery, input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }) }),
    });
    for (const r of props.reports) {
      const name = r.period[0].toUpperCase() + r.period.slice(1);
      this.reports.push(
        new scheduler.Schedule(this, `${name}Report`, {
          description: `vmaudit ${r.period} compliance report, ${r.schedule.expression}`,
          schedule: expressionOf(r.schedule, props.timeZone),
          target: new targets.LambdaInvoke(props.reportFunction, { ...delivery, input: scheduler.ScheduleTargetInput.fromObject({ period: r.period }) }),
        }),
      );
    }
    // CDK creates one scheduler role per target at stack level; its grant covers the function's versions.
    if (props.reports.length) {
      acknowledge(Stack.of(this), `AwsSolutions-IAM5[Resource::${nagArnRef(props.reportFunction)}:*]`, 'The report schedule may invoke every version and alias of the report Lambda only (CDK grant).');
    }
  }
}
