import Feeds
import Testing

@Suite struct CommandInboxTests {
    @Test func aTimedWaitEndsAtMailAndLeavesNoWakeUpBehind() async {
        let inbox = CommandInbox<Int>()
        inbox.send(1)
        // Mail first: the wait ends at once, and its cancelled sleep wakes nothing.
        await inbox.waitForMail(orAfter: { try await Task.sleep(for: .seconds(3_600)) })
        #expect(inbox.takeAll() == [1])
        #expect(!inbox.hasMail)
        // The sleep first: the wait ends with it, and nothing is left either.
        await inbox.waitForMail(orAfter: {})
        #expect(!inbox.hasMail)
    }
}
