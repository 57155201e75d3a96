/** Types of the inventory model, inferred from the schemas in `schema.ts`. */
import type * as z from 'zod';
import type * as s from './schema';

export type Instance = z.infer<typeof s.InstanceSchema>;
export type MetadataOptions = z.infer<typeof s.MetadataOptionsSchema>;
export type NetworkInterface = z.infer<typeof s.NetworkInterfaceSchema>;
export type SgPeer = z.infer<typeof s.SgPeerSchema>;
export type SgRule = z.infer<typeof s.SgRuleSchema>;
export type SecurityGroup = z.infer<typeof s.SecurityGroupSchema>;
export type PrefixList = z.infer<typeof s.PrefixListSchema>;
export type NaclEntry = z.infer<typeof s.NaclEntrySchema>;
export type NetworkAcl = z.infer<typeof s.NetworkAclSchema>;
export type Subnet = z.infer<typeof s.SubnetSchema>;
export type Route = z.infer<typeof s.RouteSchema>;
export type RouteTable = z.infer<typeof s.RouteTableSchema>;
export type Vpc = z.infer<typeof s.VpcSchema>;
export type PeeringConnection = z.infer<typeof s.PeeringConnectionSchema>;
// Transit Gateway routing
export type TransitGateway = z.infer<typeof s.TransitGatewaySchema>;
export type TransitGatewayAttachment = z.infer<typeof s.TransitGatewayAttachmentSchema>;
export type TransitGatewayRoute = z.infer<typeof s.TransitGatewayRouteSchema>;
export type TransitGatewayRouteTable = z.infer<typeof s.TransitGatewayRouteTableSchema>;
export type FlowLog = z.infer<typeof s.FlowLogSchema>;
export type Volume = z.infer<typeof s.VolumeSchema>;
export type EbsSnapshot = z.infer<typeof s.EbsSnapshotSchema>;
export type Image = z.infer<typeof s.ImageSchema>;
export type EbsEncryptionDefault = z.infer<typeof s.EbsEncryptionDefaultSchema>;
export type LaunchTemplateVersion = z.infer<typeof s.LaunchTemplateVersionSchema>;
export type RegionSettings = z.infer<typeof s.RegionSettingsSchema>;
export type BasicEventSelector = z.infer<typeof s.BasicEventSelectorSchema>;
export type AdvancedEventSelector = z.infer<typeof s.AdvancedEventSelectorSchema>;
export type Trail = z.infer<typeof s.TrailSchema>;
export type TrailBucket = z.infer<typeof s.TrailBucketSchema>;
export type Principal = z.infer<typeof s.PrincipalSchema>;
export type AuditEvent = z.infer<typeof s.AuditEventSchema>;
export type CoverageGap = z.infer<typeof s.CoverageGapSchema>;
export type EventWindow = z.infer<typeof s.EventWindowSchema>;
export type InventoryRead = z.infer<typeof s.InventoryReadSchema>;
export type { EventReadClass } from './schema';
export type Target = z.infer<typeof s.TargetSchema>;
export type Snapshot = z.infer<typeof s.SnapshotSchema>;
/** What a snapshot file may omit: every array defaults to empty. */
export type SnapshotInput = z.input<typeof s.SnapshotSchema>;
export type Tags = Record<string, string>;
