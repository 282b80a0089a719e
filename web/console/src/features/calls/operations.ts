// Calls and the agent desktop: the Calls page (who waits where, call records, recordings,
// callbacks), agents' states, ICE servers, presence and every command on a call.
import { graphql } from "../../gql";

export const callsPageQuery = graphql(`
  query CallsPage {
    waitingCalls {
      call {
        id
        caller
      }
      standing {
        queueId
        position
        queuedAt
        agentsServing
        agentsFree
        estimatedWaitSecs
      }
    }
    queues {
      id
      name
    }
    calls(limit: 200) {
      id
      dialled
      caller
      startedAt
      answeredAt
      endedAt
      disposition
      endedBy
      ivrPath
      digits
      queueWaitMs
      recordingId
    }
    recordings(limit: 200) {
      id
      callId
      kind
      caller
      startedAt
      durationMs
      storedAt
      url
    }
    callbackTasks(limit: 200) {
      id
      kind
      status
      number
      recordingId
      createdAt
    }
  }
`);

export const agentStateFields = graphql(`
  fragment AgentStateFields on AgentState {
    agentId
    email
    state
    reason
    since
    offerCallId
    callId
    afterCallWorkUntil
    deskPhone
  }
`);

export const myAgentStateQuery = graphql(`
  query MyAgentState {
    myAgentState {
      ...AgentStateFields
    }
  }
`);

export const agentStatesQuery = graphql(`
  query AgentStates {
    agentStates {
      ...AgentStateFields
    }
    transferQueues {
      id
      name
    }
  }
`);

export const iceServersQuery = graphql(`
  query IceServers {
    iceServers {
      urls
      username
      credential
    }
  }
`);

export const setPresenceMutation = graphql(`
  mutation SetPresence($state: AgentPresence!, $reason: String, $deskPhone: Boolean) {
    setPresence(state: $state, reason: $reason, deskPhone: $deskPhone) {
      ...AgentStateFields
    }
  }
`);

export const answerCallMutation = graphql(`
  mutation AnswerCall($callId: ID!, $sdp: String!) {
    answerCall(callId: $callId, sdp: $sdp)
  }
`);

export const rejectCallMutation = graphql(`
  mutation RejectCall($callId: ID!) {
    rejectCall(callId: $callId)
  }
`);

export const hangUpCallMutation = graphql(`
  mutation HangUpCall($callId: ID!) {
    hangUpCall(callId: $callId)
  }
`);

export const sendKeysMutation = graphql(`
  mutation SendKeys($callId: ID!, $keys: String!) {
    sendKeys(callId: $callId, keys: $keys)
  }
`);

export const holdCallMutation = graphql(`
  mutation HoldCall($callId: ID!, $on: Boolean!) {
    holdCall(callId: $callId, on: $on)
  }
`);

export const transferCallMutation = graphql(`
  mutation TransferCall($callId: ID!, $agentId: ID, $queueId: ID, $number: String) {
    transferCall(callId: $callId, agentId: $agentId, queueId: $queueId, number: $number)
  }
`);

export const consultCallMutation = graphql(`
  mutation ConsultCall($callId: ID!, $agentId: ID!) {
    consultCall(callId: $callId, agentId: $agentId)
  }
`);

export const completeTransferMutation = graphql(`
  mutation CompleteTransfer($callId: ID!) {
    completeTransfer(callId: $callId)
  }
`);

export const cancelConsultMutation = graphql(`
  mutation CancelConsult($callId: ID!) {
    cancelConsult(callId: $callId)
  }
`);

export const startConferenceMutation = graphql(`
  mutation StartConference($callId: ID!) {
    startConference(callId: $callId)
  }
`);

export const dialOutMutation = graphql(`
  mutation DialOut($number: String!, $sdp: String!) {
    dialOut(number: $number, sdp: $sdp) {
      callId
      sdp
    }
  }
`);

export const wrapUpCallMutation = graphql(`
  mutation WrapUpCall($legId: ID!, $code: String!, $notes: String) {
    wrapUpCall(legId: $legId, code: $code, notes: $notes) {
      id
      outcome
      wrapUpCode
      notes
    }
  }
`);
