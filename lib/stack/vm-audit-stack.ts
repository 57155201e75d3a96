/** The deployable stack: one VmAuditor, environment-agnostic (no lookups), so `cdk synth` runs offline. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { VmAuditorProps } from './config';
import { VmAuditor } from './vm-auditor';

export interface VmAuditStackProps extends StackProps {
  readonly auditor?: VmAuditorProps;
  /** Where the auditor props came from, for configuration errors. @default 'VmAuditor props' */
  readonly configSource?: string;
}

export class VmAuditStack extends Stack {
  readonly auditor: VmAuditor;

  constructor(scope: Construct, id: string, props: VmAuditStackProps = {}) {
    super(scope, id, { description: 'vmaudit: scheduled and real-time compliance audit of EC2 virtual machines', ...props });
    this.auditor = new VmAuditor(this, 'Auditor', props.auditor ?? {}, props.configSource);
    new CfnOutput(this, 'ReportBucket', { value: this.auditor.bucket.bucketName, description: 'Runs under runs/, newest under latest/, periodic reports under reports/' });
    new CfnOutput(this, 'AlertTopic', { value: this.auditor.topic.topicArn, description: 'SNS topic of alerts, digests and health alarms' });
    new CfnOutput(this, 'StateMachine', { value: this.auditor.stateMachine.stateMachineArn, description: 'Start an audit run now: aws stepfunctions start-execution --state-machine-arn <this>' });
    new CfnOutput(this, 'CollectorRole', { value: this.auditor.functions.collect.role!.roleArn, description: 'Member roles trust this role' });
  }
}
