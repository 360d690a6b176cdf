// Original file: proto/exchange/account/v1/account_service.proto


export interface StreamAccountUpdatesRequest {
}

export interface StreamAccountUpdatesRequest__Output {
}
