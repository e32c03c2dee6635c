/** The `ReconciliationCheck` dynamic provider: create and update wait until the ALB routes the scope; nothing is ever written. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { MAX_RECONCILIATION_TIMEOUT_SECONDS } from "../core/served-routes";
import { isUnknown } from "./assignment-input-check";
import { ReconciliationTarget, waitUntilServed } from "./reconciliation-wait";

/** The inputs whose change means the ALB must be checked again; `timeoutSeconds` only says how long to wait. */
const CHECKED_INPUTS = ["region", "balancerName", "loadBalancerArn", "hosts", "paths", "rulePorts", "ingress"] as const;

/**
 * The `ReconciliationCheck` provider, reached by its serialized provider through the package path
 * `pulumi-scope-ingress/reconciliation-check`. Its create and update are the wait; its delete does nothing,
 * since the check owns nothing in the cloud.
 */
export const reconciliationCheckProvider: dynamic.ResourceProvider = {
    async check(_olds, news) {
        const failures: dynamic.CheckFailure[] = [];
        const timeout = news.timeoutSeconds;
        if (
            !isUnknown(timeout) &&
            !(Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_RECONCILIATION_TIMEOUT_SECONDS)
        ) {
            failures.push({
                property: "timeoutSeconds",
                reason: `timeoutSeconds: ${JSON.stringify(timeout)} is not a whole number of seconds from 1 to ${MAX_RECONCILIATION_TIMEOUT_SECONDS}; set reconciliation.timeoutSeconds, e.g. 300`,
            });
        }
        return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
        // A changed timeout alone checks nothing new; every other input names what must be routed.
        const changed = CHECKED_INPUTS.filter(
            k => isUnknown(news[k]) || JSON.stringify(news[k]) !== JSON.stringify(olds[k]),
        );
        return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs: ReconciliationTarget) {
        const { waitedMs } = await waitUntilServed(inputs);
        return {
            id: `${inputs.ingress.namespace}/${inputs.ingress.name}@${inputs.balancerName}`,
            outs: served(inputs, waitedMs),
        };
    },

    async update(_id, _olds, news: ReconciliationTarget) {
        const { waitedMs } = await waitUntilServed(news);
        return { outs: served(news, waitedMs) };
    },

    async read(id, props) {
        return { id, props };
    },

    async delete() {
        // Nothing to remove: the check only read the ALB.
    },
};

function served(inputs: ReconciliationTarget, waitedMs: number) {
    return { ...inputs, servedAt: new Date().toISOString(), waitedSeconds: Math.round(waitedMs / 100) / 10 };
}
