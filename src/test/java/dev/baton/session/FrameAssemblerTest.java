package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private final FrameAssembler assembler = new FrameAssembler(10);

    @Test
    void aWholeFrameComesBackAsItIs() {
        assertThat(assembler.add("{\"a\":1}", true)).isEqualTo("{\"a\":1}");
    }

    @Test
    void partsAreJoinedOnceTheLastIsIn() {
        assertThat(assembler.add("{\"a\"", false)).isNull();
        assertThat(assembler.add(":1}", true)).isEqualTo("{\"a\":1}");
    }

    @Test
    void aFrameThatGrowsTooLongIsRefusedAndTheNextOneIsReadAfresh() {
        assertThat(assembler.add("123456", false)).isNull();
        assertThat(assembler.add("789012", false)).isNull();
        assertThat(assembler.add("345", true)).isNull();

        assertThat(assembler.add("ok", true)).isEqualTo("ok");
        assertThat(assembler.add("o", false)).isNull();
        assertThat(assembler.add("k", true)).isEqualTo("ok");
    }

    @Test
    void aSinglePartLongerThanTheLimitIsRefused() {
        assertThat(assembler.add("12345678901", true)).isNull();
        assertThat(assembler.add("1234567890", true)).isEqualTo("1234567890");
    }
}
