package io.github.commscentre.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's architecture as a test: the core is plain Java with two small libraries (slf4j, jsoup), knows no
 * persistence technology, framework or adapter; the ports do not lean on the implementation; and the public API
 * never hands internal types to the host.
 */
class CoreArchitectureTest {

    private static final String ROOT = "io.github.commscentre";
    private static final String INTERNAL = ROOT + ".internal..";
    private static final String FACADE = ROOT + ".internal.DefaultCommunicationCentre";
    /** Each use case of the facade, one class each; they share plumbing (ports, input rules, audit log), not each other. */
    private static final List<String> USE_CASES = List.of("Reading", "ReadingAuditTrail", "Creating", "Editing",
            "Finishing", "Deleting", "Duplicating", "AddingRecipients", "TrackingDelivery", "Sending", "Dispatcher", "ApplyingDeliveryEvents", "RenderingLetters");

    /** Core's main classes only: the test classes (suites, test doubles) may use anything. */
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void theImportHoldsCoresMainClassesAndNoTests() {
        assertThat(CORE.contain("io.github.commscentre.CommunicationCentre")).isTrue();
        assertThat(CORE.contain("io.github.commscentre.internal.DefaultCommunicationCentre")).isTrue();
        assertThat(CORE.contain("io.github.commscentre.spi.StoreTransaction")).isTrue();
        assertThat(CORE.contain("io.github.commscentre.internal.FacadePortInteractionTest")).isFalse();
        assertThat(CORE.contain("io.github.commscentre.architecture.CoreArchitectureTest")).isFalse();
    }

    @Test
    void coreDependsOnlyOnTheJdkSlf4jJsoupAndItself() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "org.slf4j..", "org.jsoup..", ROOT + "..")
                .because("the core must run in any host: plain Java (java.base's javax.crypto signs cursors), a logging"
                        + " facade and the HTML sanitiser")
                .check(CORE);
    }

    @Test
    void coreUsesNoPersistenceSqlOrFramework() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("jakarta..", "javax.persistence..", "javax.transaction..", "org.hibernate..",
                        "java.sql..", "javax.sql..", "org.springframework..", "javax.inject..", "com.google.inject..",
                        "io.micronaut..", "io.quarkus..", "com.fasterxml..", "org.flywaydb..", "org.h2..", "org.postgresql..")
                .because("persistence belongs to the adapters and frameworks to the host")
                .check(CORE);
    }

    @Test
    void coreKnowsNoAdapter() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(ROOT + ".inmemory..", ROOT + ".jpa..")
                .check(CORE);
    }

    @Test
    void portsDoNotDependOnTheImplementation() {
        noClasses().that().resideInAPackage(ROOT + ".spi..").should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .check(CORE);
    }

    @Test
    void onlyTheBuilderAndTheDefaultSanitiserReachIntoInternal() {
        noClasses().that().resideInAPackage(ROOT)
                .and().doNotHaveFullyQualifiedName(ROOT + ".CommunicationCentreBuilder")
                .and().doNotHaveFullyQualifiedName(ROOT + ".HtmlSanitizer")
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("the public API constructs the implementation in one place only")
                .check(CORE);
    }

    @Test
    void eachUseCaseIsReachedOnlyThroughTheFacade() {
        for (String useCase : USE_CASES) {
            String name = ROOT + ".internal." + useCase;
            assertThat(CORE.contain(name)).as(name).isTrue();
            String itself = Pattern.quote(name) + "(\\$.*)?";
            classes().that().haveNameMatching(itself)
                    .should().onlyHaveDependentClassesThat().haveNameMatching(itself + "|" + Pattern.quote(FACADE))
                    .because("a use case stands on the shared plumbing, never on another use case, so each can change alone")
                    .check(CORE);
        }
    }

    @Test
    void thePublicApiNeverExposesInternalTypes() {
        members().that().areDeclaredInClassesThat().resideInAPackage(ROOT)
                .and().areDeclaredInClassesThat().arePublic()
                .should(notExposeInternalTypesWhenVisible())
                .check(CORE);
    }

    @Test
    void thePortsNeverExposeInternalTypes() {
        members().that().areDeclaredInClassesThat().resideInAPackage(ROOT + ".spi")
                .should(notExposeInternalTypesWhenVisible())
                .check(CORE);
    }

    @Test
    void theFacadeImplementationIsNotPartOfTheApi() {
        classes().that().resideInAPackage(ROOT).and().arePublic().and().areNotInterfaces().and().areNotEnums()
                .and().areNotRecords()
                .should().notBeAssignableTo(ROOT + ".CommunicationCentre")
                .check(CORE);
    }

    private static ArchCondition<JavaMember> notExposeInternalTypesWhenVisible() {
        return new ArchCondition<>("not expose internal types in a public or protected signature") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaModifier> modifiers = member.getModifiers();
                if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
                    return;
                }
                Set<JavaClass> involved = new LinkedHashSet<>();
                if (member instanceof JavaMethod) {
                    involved.addAll(((JavaMethod) member).getReturnType().getAllInvolvedRawTypes());
                }
                if (member instanceof JavaCodeUnit) {
                    for (JavaType parameter : ((JavaCodeUnit) member).getParameterTypes()) {
                        involved.addAll(parameter.getAllInvolvedRawTypes());
                    }
                    involved.addAll(((JavaCodeUnit) member).getExceptionTypes());
                }
                if (member instanceof JavaField) {
                    involved.addAll(((JavaField) member).getType().getAllInvolvedRawTypes());
                }
                for (JavaClass type : involved) {
                    if (type.getPackageName().startsWith(ROOT + ".internal")) {
                        events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " exposes the internal type " + type.getName()));
                    }
                }
            }
        };
    }
}
