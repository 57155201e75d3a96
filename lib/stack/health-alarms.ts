/**
 * The auditor watches itself: an alarm on every Lambda's errors, on failed and timed-out runs, on any
 * message in the dead-letter queue, and a dead-man alarm when no run succeeded within two schedule
 * periods (missing data counts as breaching: a schedule that stopped firing is exactly what it must
 * catch). Every alarm notifies the alert topic (alarm and recovery).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface HealthAlarmsProps {
  readonly topic: sns.ITopic;
  /** Lambdas by a short name (targets, collect, …). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly stateMachine: sfn.IStateMachine;
  readonly deadLetterQueues: readonly sqs.IQueue[];
  /** Longest time between two scheduled runs, in minutes. */
  readonly scheduleGapMinutes?: number;
}

/** CloudWatch evaluates at most 7 days (period × evaluation periods). */
export const MAX_ALARM_WINDOW_MINUTES = 7 * 24 * 60;

/** Two schedule periods, in whole minutes (alarm periods are multiples of 60 s). */
export function deadManWindowMinutes(gapMinutes: number | undefined): number | undefined {
  if (gapMinutes === undefined) return undefined;
  const w = Math.max(2 * gapMinutes, 60);
  return w <= MAX_ALARM_WINDOW_MINUTES ? w : undefined;
}

export class HealthAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: HealthAlarmsProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    const add = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };
    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, `${name}Errors`, {
          alarmDescription: `vmaudit: the ${name} Lambda failed (see its log group)`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const sm = props.stateMachine;
    for (const [name, metric, what] of [
      ['RunFailed', sm.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }), 'an audit run failed'],
      ['RunTimedOut', sm.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }), 'an audit run timed out'],
    ] as const) {
      add(
        metric.createAlarm(this, name, {
          alarmDescription: `vmaudit: ${what} (see the state machine's execution history)`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    props.deadLetterQueues.forEach((q, i) => {
      add(
        q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }).createAlarm(this, `DeadLetters${i || ''}`, {
          alarmDescription: 'vmaudit: events or scheduled invocations could not be delivered (messages in the dead-letter queue)',
          threshold: 0,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    });
    const window = deadManWindowMinutes(props.scheduleGapMinutes);
    if (window === undefined) {
      Annotations.of(this).addWarningV2(
        'vmaudit:dead-man',
        'No dead-man alarm: the audit schedule runs less often than every 3.5 days (or only once), and CloudWatch evaluates at most 7 days.',
      );
    } else {
      add(
        sm.metricSucceeded({ period: Duration.minutes(window), statistic: 'Sum' }).createAlarm(this, 'NoSuccessfulRun', {
          alarmDescription: `vmaudit: no audit run succeeded in the last ${window} minutes (two schedule periods); is the schedule enabled, is the state machine failing?`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
      );
    }
  }
}
