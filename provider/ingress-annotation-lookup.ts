/** Reads the ALB and group an existing Ingress names, for adopting a running scope, and refuses a group that is not its ALB's. */
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import type { IngressRef } from "../core/assignment-contract";
import { kubernetesAccess, kubernetesErrorText, kubernetesStatusCode, withDeadline } from "./kubernetes-access";

const LOAD_BALANCER_NAME_ANNOTATION = ALB_ANNOTATIONS.loadBalancerName;
const GROUP_NAME_ANNOTATION = ALB_ANNOTATIONS.groupName;

/** What the cluster says about an existing Ingress. */
export type IngressLookup =
    | { found: false }
    | {
          found: true;
          balancerName?: string;
          groupName?: string;
          /** It has a deletionTimestamp: the controller is removing it, and it no longer counts in its group's load. */
          deleting: boolean;
      };

/**
 * Reads the ALB an existing Ingress runs on from its `load-balancer-name` annotation, with the default
 * kubeconfig (KUBECONFIG, ~/.kube/config, or in-cluster). A missing Ingress is `{ found: false }`; any
 * other failure is thrown, because placing a running scope anew could split its DNS from its routing.
 */
export async function readIngressBalancer(ref: IngressRef): Promise<IngressLookup> {
    const { networking, server } = await kubernetesAccess();
    try {
        const ingress = await withDeadline(
            networking.readNamespacedIngress({ name: ref.name, namespace: ref.namespace }),
        );
        const annotations = ingress.metadata?.annotations;
        return {
            found: true,
            balancerName: annotations?.[LOAD_BALANCER_NAME_ANNOTATION],
            groupName: annotations?.[GROUP_NAME_ANNOTATION],
            deleting: ingress.metadata?.deletionTimestamp !== undefined && ingress.metadata?.deletionTimestamp !== null,
        };
    } catch (err) {
        if (kubernetesStatusCode(err) === 404) {
            return { found: false };
        }
        throw new Error(
            `ingressRef: reading Ingress ${ref.namespace}/${ref.name} failed: ${kubernetesErrorText(err, server)}. ` +
                "Make the cluster reachable from the deployment (KUBECONFIG) and allow get on ingresses, or remove ingressRef.",
            { cause: err },
        );
    }
}

/**
 * Why the Ingress `ref`, on ALB `balancerName` in group `groupName`, cannot be adopted, or `undefined` when
 * it can. This package writes group.name = the ALB's name over the adopted Ingress, while the controller
 * identifies a group by group.name, or, without it, makes the Ingress a group of its own, "namespace/name"
 * (`loadGroupID`, pkg/ingress/group_loader.go), and finds the group's ALB by the tag
 * `ingress.k8s.aws/stack` = that group (`StackTags`, pkg/deploy/tracking/provider.go, used by
 * `loadBalancerSynthesizer.findSDKLoadBalancers`, pkg/deploy/elbv2/load_balancer_synthesizer.go, which
 * deletes the group's ALBs no longer wanted and creates the missing ones). Any other group would be left
 * behind.
 */
export function groupAdoptionRefusal(
    ref: IngressRef,
    balancerName: string,
    groupName: string | undefined,
): string | undefined {
    if (groupName === balancerName) {
        return undefined;
    }
    const where = `Ingress ${ref.namespace}/${ref.name}`;
    const group = groupName ?? `${ref.namespace}/${ref.name}`;
    const has =
        groupName === undefined
            ? `${where} has no ${GROUP_NAME_ANNOTATION}, so the Load Balancer Controller makes it a group of its own, "${group}", with ${LOAD_BALANCER_NAME_ANNOTATION} "${balancerName}"`
            : `${where} has ${GROUP_NAME_ANNOTATION} "${groupName}" but ${LOAD_BALANCER_NAME_ANNOTATION} "${balancerName}"`;
    return (
        `ingressRef: ${has}; every pool ALB's group name must equal its ALB name, because this scope's Ingress sets group.name to its ALB's name. ` +
        `The controller finds a group's ALB by the tag ingress.k8s.aws/stack=<group>, so taking this Ingress over moves it out of group "${group}": ` +
        `if it is that group's last Ingress the controller deletes ALB "${balancerName}" (and DNS aliases nothing), otherwise group "${balancerName}" ` +
        `tries to build a second ALB named "${balancerName}". Nothing was changed and the scope was not adopted. Leave this scope to its scripts, ` +
        "or move it: declare it without ingressRef and with another ingressName (the running Ingress stays untouched) on a pool ALB, " +
        "and delete the old Ingress once DNS points at the new ALB."
    );
}
