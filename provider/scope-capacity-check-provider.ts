/** The `ScopeCapacityCheck` dynamic provider: the `ResourceProvider` its serialized provider `require`s. */
import { randomUUID } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { CapacityCheckInputs } from "../core/capacity-check-contract";
import {
    checkCapacityInputs,
    createCapacityCheck,
    diffCapacityCheck,
    updateCapacityCheck,
} from "./scope-capacity-check";

/**
 * The `ScopeCapacityCheck` dynamic provider, reached by the serialized provider through the package path
 * `pulumi-scope-ingress/provider` (re-exported there). Holds nothing in the cloud: read keeps the state, delete
 * does nothing.
 */
export const scopeCapacityCheckProvider: dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkCapacityInputs(news);
    },

    async diff(_id, olds, news) {
        return diffCapacityCheck(olds, news);
    },

    async create(inputs: CapacityCheckInputs) {
        return { id: randomUUID(), outs: await createCapacityCheck(inputs) };
    },

    async read(id, props) {
        return { id, props };
    },

    async update(_id, olds, news: CapacityCheckInputs) {
        return { outs: await updateCapacityCheck(olds, news) };
    },

    async delete() {
        // Nothing exists outside Pulumi state.
    },
};
