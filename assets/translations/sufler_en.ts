<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English needs a catalogue only for plural forms: every other string's source is its English text. -->
<TS version="2.1" language="en_US">
    <context>
        <name>ArticlePanel</name>
        <message numerus="yes">
            <source>Show %n more replies</source>
            <translation>
                <numerusform>Show %n more reply</numerusform>
                <numerusform>Show %n more replies</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n more replies are not shown.</source>
            <translation>
                <numerusform>%n more reply is not shown.</numerusform>
                <numerusform>%n more replies are not shown.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>KbPanel</name>
        <message numerus="yes">
            <source>%n result(s)</source>
            <translation>
                <numerusform>%n result</numerusform>
                <numerusform>%n results</numerusform>
            </translation>
        </message>
    </context>
</TS>
