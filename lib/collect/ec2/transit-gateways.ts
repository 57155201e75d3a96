/**
 * Transit gateways and their routing: DescribeTransitGateways, DescribeTransitGatewayAttachments
 * (every attachment with its association), the VPC and peering attachment details (subnets,
 * appliance mode, peer region), DescribeTransitGatewayRouteTables, then per TGW route table its
 * propagations and routes (GetTransitGatewayRouteTablePropagations, SearchTransitGatewayRoutes):
 * those two APIs take one route table id and nothing else returns their data, and route tables are
 * few (a handful per TGW), so these are the only calls per resource; they are counted like any call.
 */
import {
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayPeeringAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateGetTransitGatewayRouteTablePropagations,
  paginateSearchTransitGatewayRoutes,
  type TransitGateway as SdkTgw,
  type TransitGatewayAttachment as SdkAttachment,
  type TransitGatewayPeeringAttachment as SdkPeeringAttachment,
  type TransitGatewayRoute as SdkTgwRoute,
  type TransitGatewayRouteTable as SdkTgwRouteTable,
  type TransitGatewayVpcAttachment as SdkVpcAttachment,
} from '@aws-sdk/client-ec2';
import type { TransitGateway, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayRouteTable } from '../../model/types';
import { eachPage } from '../calls';
import { mapLimit } from '../concurrency';
import { defined, tagsOf } from '../translate';
import type { CollectContext, Collector } from '../types';

/** Largest page of the TGW list APIs (5–1000); SearchTransitGatewayRoutes returns at most 1000 routes a page. */
const TGW_PAGE = 1000;

export function toTransitGateway(t: SdkTgw, accountId: string, region: string): TransitGateway | undefined {
  if (!t.TransitGatewayId) return undefined;
  const o = t.Options ?? {};
  return {
    accountId,
    region,
    transitGatewayId: t.TransitGatewayId,
    ownerId: t.OwnerId,
    state: t.State ?? 'available',
    associationDefaultRouteTableId: o.DefaultRouteTableAssociation === 'enable' ? o.AssociationDefaultRouteTableId : undefined,
    propagationDefaultRouteTableId: o.DefaultRouteTablePropagation === 'enable' ? o.PropagationDefaultRouteTableId : undefined,
    ...(o.AutoAcceptSharedAttachments ? { autoAcceptSharedAttachments: o.AutoAcceptSharedAttachments === 'enable' } : {}),
    tags: tagsOf(t.Tags),
  };
}

export function toTransitGatewayAttachment(a: SdkAttachment, accountId: string, region: string): TransitGatewayAttachment | undefined {
  if (!a.TransitGatewayAttachmentId || !a.TransitGatewayId || !a.ResourceType) return undefined;
  const assoc = a.Association;
  return {
    accountId,
    region,
    transitGatewayAttachmentId: a.TransitGatewayAttachmentId,
    transitGatewayId: a.TransitGatewayId,
    transitGatewayOwnerId: a.TransitGatewayOwnerId,
    resourceType: a.ResourceType,
    resourceId: a.ResourceId,
    resourceOwnerId: a.ResourceOwnerId,
    state: a.State ?? 'available',
    associatedRouteTableId: assoc?.TransitGatewayRouteTableId && (assoc.State === 'associated' || assoc.State === undefined) ? assoc.TransitGatewayRouteTableId : undefined,
    subnetIds: [],
    applianceMode: false,
    tags: tagsOf(a.Tags),
  };
}

/** A VPC attachment's details (subnets, appliance mode) as an attachment of its own, merged by id. */
export function toVpcAttachment(v: SdkVpcAttachment, accountId: string, region: string): TransitGatewayAttachment | undefined {
  if (!v.TransitGatewayAttachmentId || !v.TransitGatewayId) return undefined;
  return {
    accountId,
    region,
    transitGatewayAttachmentId: v.TransitGatewayAttachmentId,
    transitGatewayId: v.TransitGatewayId,
    resourceType: 'vpc',
    resourceId: v.VpcId,
    resourceOwnerId: v.VpcOwnerId,
    state: v.State ?? 'available',
    subnetIds: defined(v.SubnetIds ?? []),
    applianceMode: v.Options?.ApplianceModeSupport === 'enable',
    tags: tagsOf(v.Tags),
  };
}

/** A peering attachment, once for each side's TGW (the same attachment id appears on both). */
export function toPeeringAttachments(p: SdkPeeringAttachment, accountId: string, region: string): TransitGatewayAttachment[] {
  const id = p.TransitGatewayAttachmentId;
  const req = p.RequesterTgwInfo;
  const acc = p.AccepterTgwInfo;
  if (!id || !req?.TransitGatewayId || !acc?.TransitGatewayId) return [];
  const side = (self: typeof req, other: typeof req): TransitGatewayAttachment => ({
    accountId,
    region,
    transitGatewayAttachmentId: id,
    transitGatewayId: self.TransitGatewayId!,
    transitGatewayOwnerId: self.OwnerId,
    resourceType: 'peering',
    resourceId: other.TransitGatewayId,
    resourceOwnerId: other.OwnerId,
    state: p.State ?? 'available',
    subnetIds: [],
    applianceMode: false,
    peer: { transitGatewayId: other.TransitGatewayId!, accountId: other.OwnerId, region: other.Region },
    tags: tagsOf(p.Tags),
  });
  return [side(req, acc), side(acc, req)];
}

export function toTgwRoute(r: SdkTgwRoute): TransitGatewayRoute | undefined {
  if (!r.DestinationCidrBlock && !r.PrefixListId) return undefined;
  return {
    destination: r.DestinationCidrBlock,
    prefixListId: r.DestinationCidrBlock ? undefined : r.PrefixListId,
    type: r.Type === 'propagated' ? 'propagated' : 'static',
    state: r.State === 'blackhole' ? 'blackhole' : 'active',
    attachmentIds: defined((r.TransitGatewayAttachments ?? []).map((a) => a.TransitGatewayAttachmentId)),
  };
}

export function toTgwRouteTable(t: SdkTgwRouteTable, accountId: string, region: string): TransitGatewayRouteTable | undefined {
  if (!t.TransitGatewayRouteTableId || !t.TransitGatewayId) return undefined;
  return {
    accountId,
    region,
    transitGatewayRouteTableId: t.TransitGatewayRouteTableId,
    transitGatewayId: t.TransitGatewayId,
    defaultAssociation: t.DefaultAssociationRouteTable === true,
    defaultPropagation: t.DefaultPropagationRouteTable === true,
    associations: [],
    propagations: [],
    routes: [],
    // Set once the routes were read.
    routesComplete: false,
    tags: tagsOf(t.Tags),
  };
}

/** Route states SearchTransitGatewayRoutes is asked for: the ones that decide forwarding. */
const ROUTE_STATES = ['active', 'blackhole'];

export const transitGatewaysCollector: Collector = {
  name: 'transit-gateways',
  service: 'ec2',
  phase: 1,
  permissions: [
    'ec2:DescribeTransitGateways',
    'ec2:DescribeTransitGatewayAttachments',
    'ec2:DescribeTransitGatewayVpcAttachments',
    'ec2:DescribeTransitGatewayPeeringAttachments',
    'ec2:DescribeTransitGatewayRouteTables',
    'ec2:GetTransitGatewayRouteTablePropagations',
    'ec2:SearchTransitGatewayRoutes',
  ],
  async collect(ctx: CollectContext) {
    const client = ctx.clients.ec2;
    const { accountId, region } = ctx.target;
    const out = ctx.out;
    const tables: TransitGatewayRouteTable[] = [];
    await Promise.all([
      eachPage(ctx, 'ec2', 'DescribeTransitGateways', paginateDescribeTransitGateways({ client, pageSize: TGW_PAGE }, {}), (p) =>
        out.transitGateways.push(...defined((p.TransitGateways ?? []).map((x) => toTransitGateway(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeTransitGatewayAttachments', paginateDescribeTransitGatewayAttachments({ client, pageSize: TGW_PAGE }, {}), (p) =>
        out.transitGatewayAttachments.push(...defined((p.TransitGatewayAttachments ?? []).map((x) => toTransitGatewayAttachment(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeTransitGatewayVpcAttachments', paginateDescribeTransitGatewayVpcAttachments({ client, pageSize: TGW_PAGE }, {}), (p) =>
        out.transitGatewayAttachments.push(...defined((p.TransitGatewayVpcAttachments ?? []).map((x) => toVpcAttachment(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeTransitGatewayPeeringAttachments', paginateDescribeTransitGatewayPeeringAttachments({ client, pageSize: TGW_PAGE }, {}), (p) =>
        out.transitGatewayAttachments.push(...(p.TransitGatewayPeeringAttachments ?? []).flatMap((x) => toPeeringAttachments(x, accountId, region))),
      ),
      eachPage(ctx, 'ec2', 'DescribeTransitGatewayRouteTables', paginateDescribeTransitGatewayRouteTables({ client, pageSize: TGW_PAGE }, {}), (p) =>
        tables.push(...defined((p.TransitGatewayRouteTables ?? []).map((x) => toTgwRouteTable(x, accountId, region)))),
      ),
    ]);
    await mapLimit(tables, 4, async (t) => {
      const id = t.transitGatewayRouteTableId;
      const [props, routes] = await Promise.all([
        eachPage(ctx, 'ec2', 'GetTransitGatewayRouteTablePropagations', paginateGetTransitGatewayRouteTablePropagations({ client, pageSize: TGW_PAGE }, { TransitGatewayRouteTableId: id }), (p) => {
          for (const x of p.TransitGatewayRouteTablePropagations ?? []) if (x.TransitGatewayAttachmentId && x.State === 'enabled') t.propagations.push(x.TransitGatewayAttachmentId);
        }),
        eachPage(
          ctx,
          'ec2',
          'SearchTransitGatewayRoutes',
          paginateSearchTransitGatewayRoutes({ client, pageSize: TGW_PAGE }, { TransitGatewayRouteTableId: id, Filters: [{ Name: 'state', Values: ROUTE_STATES }] }),
          (p) => t.routes.push(...defined((p.Routes ?? []).map(toTgwRoute))),
        ),
      ]);
      void props;
      t.routesComplete = routes;
    });
    out.transitGatewayRouteTables.push(...tables);
  },
};
