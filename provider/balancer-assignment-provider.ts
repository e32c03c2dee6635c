/** The `BalancerAssignment` dynamic provider: the `ResourceProvider` the serialized provider `require`s. */
import { randomUUID } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AssignmentInputs } from "../core/assignment-contract";
import { createAssignment } from "./assignment-creation";
import { checkAssignmentInputs } from "./assignment-input-check";
import { diffAssignment, readAssignment, updateAssignment, upgradeStoredOutputs } from "./assignment-upkeep";
import { processLedger } from "./process-ledger";

/**
 * The `BalancerAssignment` dynamic provider, reached by the serialized provider through the package path
 * `pulumi-scope-ingress/provider`. Runs in Pulumi's dynamic-provider process; nothing here is captured
 * into state.
 */
export const balancerAssignmentProvider: dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkAssignmentInputs(news);
    },

    async diff(_id, olds, news) {
        return diffAssignment(olds, news);
    },

    async create(inputs: AssignmentInputs) {
        return { id: randomUUID(), outs: await createAssignment(inputs) };
    },

    async read(id, props) {
        return { id, props: await readAssignment(props) };
    },

    async update(_id, olds, news: AssignmentInputs) {
        return { outs: await updateAssignment(olds, news) };
    },

    async delete(_id, props) {
        // An assignment lives in Pulumi state only: deleting it changes nothing in the cloud, but frees
        // its rules for scopes placed later in this deployment.
        const { region, balancerName, expectedRules } = upgradeStoredOutputs(props);
        processLedger(region).release(balancerName, expectedRules);
    },
};
