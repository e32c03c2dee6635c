/** Every key of the `scope-ingress` stack-config namespace: the one list a new key is added to, and the check that names a typo. */
import { POOL_CONFIG_KEYS } from "./candidate-pool";
import { LISTENER_CONFIG_KEYS } from "./pool-listeners";
import type { Problems } from "./problems";
import { unknownKeyFix } from "./unknown-keys";

/** The stack-config key (namespace `scope-ingress`) that switches on placements coordinated through the cluster. */
export const COORDINATION_CONFIG_KEY = "coordinationNamespace";

/** The stack-config namespace of this package: keys are set as `scope-ingress:<key>`. */
export const STACK_CONFIG_NAMESPACE = "scope-ingress";

/**
 * Every key of the {@link STACK_CONFIG_NAMESPACE} namespace that the package reads. A key read anywhere must be
 * listed here: a key set in the stack but not listed is reported as a typo.
 */
export const STACK_CONFIG_KEYS: readonly string[] = [
    ...Object.values(POOL_CONFIG_KEYS).flatMap(({ base, additional }) => [base, additional]),
    ...Object.values(LISTENER_CONFIG_KEYS),
    COORDINATION_CONFIG_KEY,
];

/**
 * Records a problem for each key of `setKeys` (the namespace's keys a stack sets, without the `scope-ingress:`
 * prefix) that is not one of {@link STACK_CONFIG_KEYS}: a misspelled key would otherwise be ignored silently and
 * its default used. The value is not shown: it may be a secret.
 */
export function checkStackConfigKeys(setKeys: readonly string[], problems: Problems): void {
    const show = (key: string) => `${STACK_CONFIG_NAMESPACE}:${key}`;
    for (const key of setKeys.filter(key => !STACK_CONFIG_KEYS.includes(key))) {
        problems.check(
            `stack config ${show(key)}`,
            undefined,
            "is not a setting of this package, so it would be ignored",
            unknownKeyFix(key, STACK_CONFIG_KEYS, show),
        );
    }
}

/** The keys of the {@link STACK_CONFIG_NAMESPACE} namespace among `allKeys` (full keys such as `scope-ingress:publicBalancer`), without the prefix. */
export function namespaceKeys(allKeys: Iterable<string>): string[] {
    const prefix = `${STACK_CONFIG_NAMESPACE}:`;
    return [...allKeys].filter(key => key.startsWith(prefix)).map(key => key.slice(prefix.length));
}
