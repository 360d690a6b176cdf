// Original file: proto/exchange/funding/v1/funding_service.proto


export interface GetAssetsRequest {
}

export interface GetAssetsRequest__Output {
}
