// Original file: proto/exchange/account/v1/account_service.proto


export interface GetBalancesRequest {
}

export interface GetBalancesRequest__Output {
}
