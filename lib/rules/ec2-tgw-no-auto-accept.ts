import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { transitGatewayRef } from './resource-refs';
import { label, nameTag } from './support/labels';

export default defineRule({
  id: 'ec2-tgw-no-auto-accept',
  title: 'Transit Gateways do not accept VPC attachment requests automatically',
  severity: 'high',
  category: 'network',
  resourceType: 'AWS::EC2::TransitGateway',
  rationale:
    'With AutoAcceptSharedAttachments on, any account the Transit Gateway is shared with can attach a VPC and, through the default route tables, reach every network on it without anyone approving it: a segmentation boundary that opens itself. Attachments should be accepted one by one.',
  remediation:
    'aws ec2 modify-transit-gateway --transit-gateway-id TRANSIT_GATEWAY_ID --options AutoAcceptSharedAttachments=disable; then review pending requests with aws ec2 describe-transit-gateway-attachments --filters Name=state,Values=pendingAcceptance and accept each with aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id ATTACHMENT_ID.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeTransitGateways'],
  *evaluate({ inv }) {
    for (const t of inv.snapshot.transitGateways) {
      if (t.state === 'deleted' || t.state === 'deleting') continue;
      // A gateway shared with this account is owned and configured elsewhere: judged in its owner's account.
      if (t.ownerId && t.ownerId !== t.accountId) continue;
      const resource = transitGatewayRef(t);
      const name = label(t.transitGatewayId, nameTag(t.tags));
      if (t.autoAcceptSharedAttachments === undefined) {
        yield { status: 'UNKNOWN', resource, message: `${name}: whether it accepts shared attachments automatically was not reported` };
      } else if (t.autoAcceptSharedAttachments) {
        yield { status: 'FAIL', resource, message: `${name} accepts VPC attachment requests from shared accounts automatically`, evidence: { autoAcceptSharedAttachments: true } };
      } else {
        yield { status: 'PASS', resource, message: `${name} requires each shared attachment to be accepted` };
      }
    }
  },
});
