export { WalletErrorCode } from './wallet-error-code.enum';
