/**
 * A CDK app checked by vmaudit at synth time: a dev VPC and a prod VPC, peered with routes both
 * ways, and a prod database group that admits the dev VPC on PostgreSQL. One line turns the check on:
 *
 *   new App({ policyValidationBeta1: [new VmauditValidation()] })   // the policy-validation plugin
 *   Aspects.of(app).add(new VmauditChecks())                         // or cdk-nag's style
 *
 * `npx cdk synth` (cdk.json beside this file) then fails on the zone violation, naming the construct
 * PeeredStack/ProdDbSg. `VMAUDIT_CHECK=aspect` picks the Aspect; `VMAUDIT_POLICY` a policy file.
 * In your own app import from `vmaudit/lib/cdk`; here the checkout's lib/ stands in for the package.
 */
import { App, Aspects, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { VmauditChecks, VmauditValidation } from '../../lib/cdk';

export interface PeeredStackProps extends StackProps {
  /** The prod database admits the dev VPC on tcp/5432 (the violation). @default true */
  readonly devReadsProdDb?: boolean;
}

export class PeeredStack extends Stack {
  constructor(scope: Construct, id: string, props: PeeredStackProps = {}) {
    super(scope, id, props);
    const devCidr = '10.1.0.0/16';
    const prodCidr = '10.2.0.0/16';
    const zone = (env: string) => [{ key: 'Environment', value: env }];
    const devVpc = new ec2.CfnVPC(this, 'DevVpc', { cidrBlock: devCidr, tags: zone('dev') });
    const prodVpc = new ec2.CfnVPC(this, 'ProdVpc', { cidrBlock: prodCidr, tags: zone('prod') });
    const devSubnet = new ec2.CfnSubnet(this, 'DevSubnet', { vpcId: devVpc.ref, cidrBlock: '10.1.1.0/24' });
    const prodSubnet = new ec2.CfnSubnet(this, 'ProdSubnet', { vpcId: prodVpc.ref, cidrBlock: '10.2.1.0/24' });
    const devRoutes = new ec2.CfnRouteTable(this, 'DevRoutes', { vpcId: devVpc.ref });
    const prodRoutes = new ec2.CfnRouteTable(this, 'ProdRoutes', { vpcId: prodVpc.ref });
    new ec2.CfnSubnetRouteTableAssociation(this, 'DevSubnetRoutes', { subnetId: devSubnet.ref, routeTableId: devRoutes.ref });
    new ec2.CfnSubnetRouteTableAssociation(this, 'ProdSubnetRoutes', { subnetId: prodSubnet.ref, routeTableId: prodRoutes.ref });
    const peering = new ec2.CfnVPCPeeringConnection(this, 'Peering', { vpcId: devVpc.ref, peerVpcId: prodVpc.ref });
    new ec2.CfnRoute(this, 'DevToProd', { routeTableId: devRoutes.ref, destinationCidrBlock: prodCidr, vpcPeeringConnectionId: peering.ref });
    new ec2.CfnRoute(this, 'ProdToDev', { routeTableId: prodRoutes.ref, destinationCidrBlock: devCidr, vpcPeeringConnectionId: peering.ref });
    const devSg = new ec2.CfnSecurityGroup(this, 'DevAppSg', { groupDescription: 'dev app', vpcId: devVpc.ref });
    const prodDbSg = new ec2.CfnSecurityGroup(this, 'ProdDbSg', {
      groupDescription: 'prod database',
      vpcId: prodVpc.ref,
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: props.devReadsProdDb === false ? prodCidr : devCidr, description: 'reporting jobs' }],
    });
    const host = (name: string, subnet: ec2.CfnSubnet, sg: ec2.CfnSecurityGroup, env: string) =>
      new ec2.CfnInstance(this, name, { imageId: 'ami-0123456789abcdef0', instanceType: 't3.micro', subnetId: subnet.ref, securityGroupIds: [sg.attrGroupId], metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 }, tags: zone(env) });
    host('DevApp', devSubnet, devSg, 'dev');
    host('ProdDb', prodSubnet, prodDbSg, 'prod');
  }
}

/** The example app with the plugin, the Aspect, or no check (`none`, to validate the files by hand). */
export function exampleApp(style: 'plugin' | 'aspect' | 'none', o: { outdir?: string; policy?: string; devReadsProdDb?: boolean } = {}): { app: App; stack: PeeredStack } {
  const settings = { policy: o.policy };
  const app = new App({ outdir: o.outdir, ...(style === 'plugin' ? { policyValidationBeta1: [new VmauditValidation(settings)] } : {}) });
  if (style === 'aspect') Aspects.of(app).add(new VmauditChecks(settings));
  const stack = new PeeredStack(app, 'PeeredStack', { devReadsProdDb: o.devReadsProdDb });
  return { app, stack };
}

if (require.main === module) {
  exampleApp(process.env.VMAUDIT_CHECK === 'aspect' ? 'aspect' : 'plugin', { policy: process.env.VMAUDIT_POLICY }).app.synth();
}
