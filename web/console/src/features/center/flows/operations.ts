// IVR flows: the list, one flow with its draft and versions, creating one, saving its draft,
// publishing and restoring a version.
import { graphql } from "../../../gql";

/** What the list shows of a flow; the editor loads the rest (IvrFlowFields). */
export const ivrFlowSummaryFields = graphql(`
  fragment IvrFlowSummaryFields on IvrFlow {
    id
    name
    description
    publishedVersion
    updatedAt
    issues {
      nodeId
      code
      message
    }
  }
`);

export const ivrFlowsQuery = graphql(`
  query IvrFlows {
    ivrFlows {
      ...IvrFlowSummaryFields
    }
  }
`);

export const ivrFlowFields = graphql(`
  fragment IvrFlowFields on IvrFlow {
    ...IvrFlowSummaryFields
    draft
    versions {
      id
      version
      publishedAt
    }
  }
`);

export const ivrFlowQuery = graphql(`
  query IvrFlow($id: ID!) {
    ivrFlow(id: $id) {
      ...IvrFlowFields
    }
  }
`);

export const createIvrFlowMutation = graphql(`
  mutation CreateIvrFlow($input: IvrFlowInput!) {
    createIvrFlow(input: $input) {
      id
    }
  }
`);

export const saveIvrFlowDraftMutation = graphql(`
  mutation SaveIvrFlowDraft($id: ID!, $graph: JSON!) {
    saveIvrFlowDraft(id: $id, graph: $graph) {
      flow {
        id
        updatedAt
      }
      issues {
        nodeId
        code
        message
      }
    }
  }
`);

export const publishIvrFlowMutation = graphql(`
  mutation PublishIvrFlow($id: ID!) {
    publishIvrFlow(id: $id) {
      id
      version
      publishedAt
    }
  }
`);

export const restoreIvrFlowVersionMutation = graphql(`
  mutation RestoreIvrFlowVersion($id: ID!, $version: Int!) {
    restoreIvrFlowVersion(id: $id, version: $version) {
      ...IvrFlowFields
    }
  }
`);
