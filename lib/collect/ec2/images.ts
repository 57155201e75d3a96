/**
 * AMIs: those the account owns (DescribeImages Owners=self: public flag, creation and deprecation
 * dates), then — in phase 2 — the images its instances run that it does not own, looked up by an
 * `image-id` filter in batches (a filter, so a deregistered id drops out instead of failing the batch).
 */
import { paginateDescribeImages, type Image as SdkImage } from '@aws-sdk/client-ec2';
import type { Image } from '../../model/types';
import { chunks, eachPage } from '../calls';
import { imageSharing } from './sharing';
import { FILTER_VALUES_MAX, PAGE_SIZE } from '../page-sizes';
import { isoOf, tagsOf } from '../translate';
import type { CollectContext, Collector } from '../types';

export function toImage(i: SdkImage, accountId: string, region: string, owned: boolean): Image | undefined {
  if (!i.ImageId) return undefined;
  const virt = i.VirtualizationType;
  return {
    accountId,
    region,
    imageId: i.ImageId,
    name: i.Name,
    ownerId: i.OwnerId ?? (owned ? accountId : 'unknown'),
    ownerAlias: i.ImageOwnerAlias,
    owned,
    public: i.Public === true,
    state: i.State ?? 'available',
    creationDate: isoOf(i.CreationDate),
    deprecationTime: isoOf(i.DeprecationTime),
    virtualizationType: virt === 'hvm' || virt === 'paravirtual' ? virt : undefined,
    tags: tagsOf(i.Tags),
  };
}

export const ownedImagesCollector: Collector = {
  name: 'images',
  service: 'ec2',
  phase: 1,
  permissions: ['ec2:DescribeImages', 'ec2:DescribeImageAttribute'],
  async collect(ctx: CollectContext) {
    const { accountId, region } = ctx.target;
    const owned: Image[] = [];
    // The owner sees its deprecated AMIs whatever IncludeDeprecated says; disabled ones need the flag.
    const input = { Owners: ['self'], IncludeDisabled: true };
    await eachPage(ctx, 'ec2', 'DescribeImages', paginateDescribeImages({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.DescribeImages }, input), (p) => {
      for (const i of p.Images ?? []) {
        const x = toImage(i, accountId, region, true);
        if (x) owned.push(x);
      }
    });
    await imageSharing(ctx, owned);
    ctx.out.images.push(...owned);
  },
};

export const usedImagesCollector: Collector = {
  name: 'used-images',
  service: 'ec2',
  phase: 2,
  needs: ['ec2'],
  permissions: ['ec2:DescribeImages'],
  async collect(ctx: CollectContext) {
    const { accountId, region } = ctx.target;
    const known = new Set(ctx.collected.images.map((i) => i.imageId));
    const wanted = [...new Set(ctx.collected.instances.map((i) => i.imageId).filter((id): id is string => !!id && !known.has(id)))].sort();
    for (const batch of chunks(wanted, FILTER_VALUES_MAX)) {
      const input = { Filters: [{ Name: 'image-id', Values: batch }], IncludeDeprecated: true };
      await eachPage(ctx, 'ec2', 'DescribeImages', paginateDescribeImages({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.DescribeImages }, input), (p) => {
        for (const i of p.Images ?? []) {
          if (known.has(i.ImageId ?? '')) continue;
          const x = toImage(i, accountId, region, i.OwnerId === accountId);
          if (x) {
            known.add(x.imageId);
            ctx.out.images.push(x);
          }
        }
      });
    }
  },
};
