import { changeRule } from './change-rule';

const ADMIN = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

export default changeRule({
  id: 'evt-iam-policy-change',
  title: 'IAM policy changes are reviewed',
  cls: 'iam-policy-change',
  severity: 'medium',
  resourceTypes: ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  what: 'IAM policy changes',
  severityOf: (e) => (typeof e.requestParameters?.policyArn === 'string' && ADMIN.test(e.requestParameters.policyArn) ? 'high' : undefined),
  rationale:
    'Who may do what is decided by IAM policies: creating, attaching or rewriting one is how a compromise turns into lasting, wider access (CIS 4.4). Attaching AdministratorAccess, IAMFullAccess or PowerUserAccess is reported as high.',
  remediation:
    'Investigate: which policy and which user, role or group (evidence.requestParameters), who made the change and whether a change request or a deployment pipeline explains it. If not: detach or restore the previous policy version (aws iam set-default-policy-version / detach-*-policy), revoke the sessions of the principal that made it, and look for other changes it made.',
});
