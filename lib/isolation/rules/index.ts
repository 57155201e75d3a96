/** The isolation rules, in the order they run; the lead adds them to the catalogue. */
import type { Rule } from '../../engine/rule';
import netZoneIsolation from './net-zone-isolation';
import netInternetExposure from './net-internet-exposure';
import netFlowIntent from './net-flow-intent';

export const ISOLATION_RULES: Rule[] = [netZoneIsolation, netInternetExposure, netFlowIntent];
