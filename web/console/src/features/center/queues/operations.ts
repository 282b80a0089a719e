// Queues: the list with every QueueInput field, and saving or deleting one.
import { graphql } from "../../../gql";

export const queuesQuery = graphql(`
  query Queues {
    queues {
      id
      name
      requiredSkills {
        skillGroupId
        minProficiency
      }
      priority
      maxWaitSecs
      overflow {
        kind
        targetId
        number
      }
      callbackOffer
      musicOnHoldPromptId
      announcementIntervalSecs
      serviceLevelSecs
      serviceLevelPercent
      afterCallWorkSecs
      wrapUpCodes {
        code
        label
      }
      businessHoursId
    }
  }
`);

export const createQueueMutation = graphql(`
  mutation CreateQueue($input: QueueInput!) {
    createQueue(input: $input) {
      id
    }
  }
`);

export const updateQueueMutation = graphql(`
  mutation UpdateQueue($id: ID!, $input: QueueInput!) {
    updateQueue(id: $id, input: $input) {
      id
    }
  }
`);

export const deleteQueueMutation = graphql(`
  mutation DeleteQueue($id: ID!) {
    deleteQueue(id: $id)
  }
`);
