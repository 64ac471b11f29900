<map version="freeplane 1.11.5">
<!--To view this file, download free mind mapping software Freeplane from https://www.freeplane.org -->
<node TEXT="&#x76f8;&#x8ac7;&#x5bfe;&#x5fdc;&#x30de;&#x30cb;&#x30e5;&#x30a2;&#x30eb;&#xff08;Freeplane 1.11&#xff09;" FOLDED="false" ID="ID_1090958577" CREATED="1690000000000" MODIFIED="1690000900000"><hook NAME="MapStyle" zoom="1.0">
    <properties show_icon_for_attributes="true" show_note_icons="true" fit_to_viewport="false" edgeColorConfiguration="#808080ff,#ff0000ff"/>

<map_styles>
<stylenode LOCALIZED_TEXT="styles.root_node" STYLE="oval" UNIFORM_SHAPE="true" VGAP_QUANTITY="24 pt">
<font SIZE="24"/>
<stylenode LOCALIZED_TEXT="styles.user-defined" POSITION="bottom_or_right" STYLE="bubble">
<stylenode TEXT="&#x30de;&#x30fc;&#x30af;&#x30c0;&#x30a6;&#x30f3;" FORMAT="markdownPatternFormat">
<richcontent TYPE="NOTE" CONTENT-TYPE="plain/markdown"/>
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.predefined" POSITION="bottom_or_right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="default" ID="ID_271890427" ICON_SIZE="12 pt" COLOR="#000000" STYLE="fork" FORMAT="STANDARD_FORMAT">
<font NAME="SansSerif" SIZE="10" BOLD="false" ITALIC="false"/>
<richcontent TYPE="DETAILS" CONTENT-TYPE="plain/auto"/>
<richcontent TYPE="NOTE" CONTENT-TYPE="plain/auto"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.floating">
<edge STYLE="hide_edge"/>
<cloud COLOR="#f0f0f0" SHAPE="ROUND_RECT"/>
</stylenode>
</stylenode>
</stylenode>
</map_styles>
</hook>
<node TEXT="&#x3010;&#x30ac;&#x30a4;&#x30c9;&#x30d6;&#x30c3;&#x30af;&#x3011;&#x306b;&#x6cbf;&#x3063;&#x305f;&#x6848;&#x4ef6;&#x5225;FAQ" POSITION="bottom_or_right" ID="ID_1538469211" CREATED="1690000001000" MODIFIED="1690000002000">
<node TEXT="05.&#x30de;&#x30eb;&#x30a6;&#x30a7;&#x30a2;&#xff08;&#x30a6;&#x30a4;&#x30eb;&#x30b9;&#xff09;&#x306b;&#x3088;&#x308b;&#x88ab;&#x5bb3;" ID="ID_1175335447" CREATED="1690000003000" MODIFIED="1690000004000">
<node TEXT="&#x30e9;&#x30f3;&#x30b5;&#x30e0;&#x30a6;&#x30a7;&#x30a2;&#x306b;&#x611f;&#x67d3;&#x3057;&#x305f;&#x3089;&#x3069;&#x3046;&#x3059;&#x308c;&#x3070;&#x3088;&#x3044;&#x304b;&#xff1f;&#x3000;" ID="ID_601256318" CREATED="1690000005000" MODIFIED="1690000006000">
<icon BUILTIN="messagebox_warning"/>
<node TEXT="" ID="ID_1970842797" CREATED="1690000007000" MODIFIED="1690000007000">
<hook NAME="FirstGroupNode"/>
</node>
<node TEXT="&#x30cd;&#x30c3;&#x30c8;&#x30ef;&#x30fc;&#x30af;&#x304b;&#x3089;&#x5207;&#x308a;&#x96e2;&#x3059; &#xd83d;&#xdd0c;" ID="ID_1216405956" CREATED="1690000008000" MODIFIED="1690000009000"/>
<node TEXT="&#x96fb;&#x6e90;&#x306f;&#x5207;&#x3089;&#x306a;&#x3044;&#xb;&#xff08;Word&#x304b;&#x3089;&#x8cbc;&#x308a;&#x4ed8;&#x3051;&#xff09;" ID="ID_1216405957" CREATED="1690000010000" MODIFIED="1690000011000"/>
<node TEXT="" ID="ID_121908137" CREATED="1690000012000" MODIFIED="1690000012000">
<hook NAME="SummaryNode"/>
<hook NAME="AlwaysUnfoldedNode"/>
<node TEXT="&#x307e;&#x305a;&#x521d;&#x52d5;&#x5bfe;&#x5fdc;" ID="ID_161419776" CREATED="1690000013000" MODIFIED="1690000014000"/>
</node>
<node TEXT="https://www.nomoreransom.org/ja/index.html" ID="ID_161419777" CREATED="1690000015000" MODIFIED="1690000016000" LINK="https://www.nomoreransom.org/ja/index.html"/>
</node>
<node TEXT="**&#x30e9;&#x30f3;&#x30b5;&#x30e0;&#x30a6;&#x30a7;&#x30a2;&#x6a19;&#x6e96;&#x56de;&#x7b54;**" ID="ID_1263194034" CREATED="1690000017000" MODIFIED="1690000018000" FORMAT="markdownPatternFormat"><richcontent TYPE="NOTE" CONTENT-TYPE="plain/markdown">
    <text>## &#x5bfe;&#x5fdc;
- &#x8eab;&#x4ee3;&#x91d1;&#x306f;**&#x652f;&#x6255;&#x308f;&#x306a;&#x3044;**
- &#x8a3c;&#x62e0;&#x3092;&#x4fdd;&#x5168;&#x3059;&#x308b; &#xd83d;&#xdcf8;

&#x3010;&#x76f8;&#x8ac7;&#x3011;[IPA&#x60c5;&#x5831;&#x30bb;&#x30ad;&#x30e5;&#x30ea;&#x30c6;&#x30a3;&#x5b89;&#x5fc3;&#x76f8;&#x8ac7;&#x7a93;&#x53e3;](https://www.ipa.go.jp/security/anshin/)</text>
</richcontent>
<attribute_layout NAME_WIDTH="60 pt" VALUE_WIDTH="120 pt"/>
<attribute NAME="&#x30ad;&#x30fc;&#x30ef;&#x30fc;&#x30c9;" VALUE="&#x30e9;&#x30f3;&#x30b5;&#x30e0;&#x30a6;&#x30a7;&#x30a2;&#x3001;&#x8eab;&#x4ee3;&#x91d1;"/>
<attribute NAME="&#x62c5;&#x5f53;" VALUE="&#x4f50;&#x85e4; &#xd83d;&#xde42;"/>
</node>
<node TEXT="&#x8eab;&#x4ee3;&#x91d1;&#x306e;&#x652f;&#x6255;&#x3044;" ID="ID_1263194099" CREATED="1690000019000" MODIFIED="1690000020000">
<node ID="ID_1263194100" CONTENT_ID="ID_1263194034" CREATED="1690000021000" MODIFIED="1690000022000">
<node TEXT="&#x652f;&#x6255;&#x3063;&#x3066;&#x3082;&#x5fa9;&#x53f7;&#x3055;&#x308c;&#x308b;&#x4fdd;&#x8a3c;&#x306f;&#x306a;&#x3044;" ID="ID_1263194101" CREATED="1690000023000" MODIFIED="1690000024000"/>
</node>
</node>
</node>
</node>
</node>
</map>
