/**
 * How sure Signet is of who a recipient is: the assurance steps and the checks behind them.
 *
 * <ul>
 *   <li>{@code dmn/recipient-assurance.dmn} decides which steps a recipient passes and in which
 *       order, from {@link dev.signet.assurance.AssuranceFacts}; {@link dev.signet.assurance.AssuranceStep}
 *       names them.
 *   <li>{@link dev.signet.assurance.OtpService} sends and checks one-time passwords, by SMS or
 *       email through the outbox; each send and check comes back as an
 *       {@link dev.signet.assurance.OtpSendOutcome} or {@link dev.signet.assurance.OtpCheckOutcome}
 *       a page can show. {@link dev.signet.assurance.PhoneNumbers} turns a recipient's number into E.164.
 *   <li>Inside: the code hashing, the {@code otp_code} table, the channels, and the SMS provider's
 *       client, which the outbox dispatcher reaches through {@code notification.SmsSender}.
 *   <li>{@link dev.signet.assurance.IdvService} runs identity verification ({@code auth_type: idv},
 *       typed as {@link dev.signet.assurance.IdvConfig}) through an {@code IdvProvider}: the sandbox
 *       provider (sandbox keys, embedded mode) today. It compares the verified name with the
 *       recipient's, counts the session limit, and answers the recipient process with an
 *       {@link dev.signet.assurance.IdvVerdict}.
 * </ul>
 * The Yoti IDV provider and witness rules come next (issue 13).
 */
package dev.signet.assurance;
