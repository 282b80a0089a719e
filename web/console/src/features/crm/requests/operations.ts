// Service requests: the list, creating one, moving it to another status and assigning it.
import { graphql } from "../../../gql";

export const serviceRequestFields = graphql(`
  fragment ServiceRequestFields on ServiceRequest {
    id
    kind
    status
    nextStatuses
    details
    reference
    contactId
    skillGroupId
    assigneeId
    createdAt
    updatedAt
  }
`);

export const serviceRequestsQuery = graphql(`
  query ServiceRequests($status: String, $limit: Int!) {
    serviceRequests(status: $status, limit: $limit) {
      ...ServiceRequestFields
    }
  }
`);

export const createServiceRequestMutation = graphql(`
  mutation CreateServiceRequest($input: ServiceRequestInput!) {
    createServiceRequest(input: $input) {
      ...ServiceRequestFields
    }
  }
`);

export const transitionServiceRequestMutation = graphql(`
  mutation TransitionServiceRequest($id: ID!, $to: String!, $note: String!) {
    transitionServiceRequest(id: $id, to: $to, note: $note) {
      ...ServiceRequestFields
    }
  }
`);

export const assignServiceRequestMutation = graphql(`
  mutation AssignServiceRequest($id: ID!, $userId: ID!) {
    assignServiceRequest(id: $id, userId: $userId) {
      ...ServiceRequestFields
    }
  }
`);
