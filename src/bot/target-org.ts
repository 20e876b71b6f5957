/** The org a request acts on, as every card and summary names it first. */
export interface TargetOrg {
  orgId: string | undefined;
  orgName: string;
  /** A customer org chosen with `/org use`, not the person's own. */
  customer: boolean;
  /** Not one org but many customer orgs (a fleet run's confirmation); `orgName` says how many. */
  fleet?: boolean;
}
