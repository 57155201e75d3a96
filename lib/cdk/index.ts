/** vmaudit inside `cdk synth`: the policy-validation plugin and the cdk-nag-style Aspect. */
export { VmauditValidation, PLUGIN_NAME, type VmauditValidationProps } from './validation-plugin';
export { VmauditChecks, type VmauditChecksProps } from './vmaudit-checks';
